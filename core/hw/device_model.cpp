#include "core/hw/device_model.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/hw/json_check.h"
#include "core/util/error.h"

namespace plab::hw {

namespace {

constexpr std::size_t kMaxRangeLevels = 100000;

bool same_value(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// Lower-case letters, digits and the characters in `extra`; must start with a letter or digit.
bool is_identifier(const std::string& s, std::string_view extra) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || extra.find(c) == std::string_view::npos)) return false;
  }
  return true;
}

// 100 -> "100", 200.5 -> "200.5" (shortest form that reads back the same).
std::string number_text(double v) {
  if (std::fabs(v) < 1e15 && v == std::floor(v)) return std::to_string(static_cast<long long>(v));
  return nlohmann::json(v).dump();
}

std::string levels_text(const std::vector<double>& levels) {
  std::string s = "[";
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (i == 6 && levels.size() > 8) {
      s += ", ..., " + number_text(levels.back());
      break;
    }
    if (i > 0) s += ", ";
    s += number_text(levels[i]);
  }
  return s + "]";
}

std::vector<double> read_levels(const nlohmann::json& levels, const JsonAt& at) {
  const std::string expected = "a non-empty array of increasing numbers";
  if (!levels.is_array() || levels.empty()) at.fail(expected, levels);
  std::vector<double> out;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (!levels[i].is_number())
      at.fail(expected + "; element " + std::to_string(i) + " is not a number", levels[i]);
    const double v = levels[i].get<double>();
    if (!std::isfinite(v)) at.fail(expected + "; element " + std::to_string(i) + " is not finite");
    if (!out.empty() && !(v > out.back())) {
      at.fail(expected + "; element " + std::to_string(i) + " (" + levels[i].dump() +
              ") is not above the one before");
    }
    out.push_back(v);
  }
  return out;
}

std::vector<double> read_range(const nlohmann::json& range, const JsonAt& at) {
  require_object(range, at);
  const double min = require_number(range, at, "min");
  const double max = require_number(range, at, "max");
  const double step = require_number(range, at, "step");
  if (!(step > 0)) at["step"].fail("a number above 0", range["step"]);
  if (!(max >= min)) at["max"].fail("a number not below min (" + range["min"].dump() + ")", range["max"]);
  const double steps = (max - min) / step;
  if (steps + 1 > static_cast<double>(kMaxRangeLevels)) {
    at.fail("at most " + std::to_string(kMaxRangeLevels) + " levels from min to max in steps of step");
  }
  const double whole = std::round(steps);
  if (std::fabs(steps - whole) > 1e-6) at["max"].fail("min plus a whole number of steps", range["max"]);
  std::vector<double> out;
  for (std::size_t i = 0; i <= static_cast<std::size_t>(whole); ++i)
    out.push_back(min + step * static_cast<double>(i));
  out.back() = max;
  return out;
}

Knob read_knob(const nlohmann::json& k, const JsonAt& at, const std::set<std::string>& source_ids) {
  require_object(k, at);
  Knob knob;
  knob.name = require_string(k, at, "name");
  if (!is_identifier(knob.name, "_")) {
    at["name"].fail("lower-case letters, digits and '_' (such as \"gpu_max_freq\")", k["name"]);
  }
  knob.unit = require_string(k, at, "unit", /*allow_empty=*/true);
  const bool has_levels = k.contains("levels");
  const bool has_range = k.contains("range");
  if (has_levels == has_range) at.fail("exactly one of \"levels\" or \"range\"");
  knob.levels = has_levels ? read_levels(k["levels"], at["levels"]) : read_range(k["range"], at["range"]);
  const double def = require_number(k, at, "default");
  knob.default_value = def;
  const auto index = knob.level_index(def);
  if (!index) at["default"].fail("one of the levels " + levels_text(knob.levels), k["default"]);
  knob.default_value = knob.levels[*index];
  knob.description = optional_string(k, at, "description").value_or("");
  knob.source = optional_string(k, at, "source").value_or("");
  if (!knob.source.empty() && !source_ids.count(knob.source)) {
    at["source"].fail("the id of an entry in \"sources\"", k["source"]);
  }
  return knob;
}

std::vector<SourceRef> read_sources(const nlohmann::json& j, const JsonAt& at) {
  const auto& arr = require_array(j, at, "sources", /*allow_empty=*/false);
  std::vector<SourceRef> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const JsonAt here = at["sources"][i];
    require_object(arr[i], here);
    SourceRef s;
    s.id = require_string(arr[i], here, "id");
    if (!seen.insert(s.id).second) here["id"].fail("an id not used by an earlier source", arr[i]["id"]);
    s.title = require_string(arr[i], here, "title");
    s.url = require_string(arr[i], here, "url");
    s.note = optional_string(arr[i], here, "note").value_or("");
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Sensor> read_sensors(const nlohmann::json& j, const JsonAt& at) {
  const auto& arr = require_array(j, at, "sensors");
  std::vector<Sensor> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const JsonAt here = at["sensors"][i];
    require_object(arr[i], here);
    Sensor s;
    s.name = require_string(arr[i], here, "name");
    if (!is_identifier(s.name, "_")) here["name"].fail("lower-case letters, digits and '_'", arr[i]["name"]);
    if (!seen.insert(s.name).second)
      here["name"].fail("a name not used by an earlier sensor", arr[i]["name"]);
    s.unit = require_string(arr[i], here, "unit", /*allow_empty=*/true);
    s.description = optional_string(arr[i], here, "description").value_or("");
    out.push_back(std::move(s));
  }
  return out;
}

const std::set<std::string>& common_keys() {
  static const std::set<std::string> keys = {"schema",      "id",    "name",    "class",  "simulated",
                                             "description", "knobs", "sensors", "sources"};
  return keys;
}

}  // namespace

std::optional<std::size_t> Knob::level_index(double value) const {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (same_value(levels[i], value)) return i;
  }
  return std::nullopt;
}

const Knob* DeviceModel::find_knob(std::string_view knob_name) const {
  for (const auto& k : knobs) {
    if (k.name == knob_name) return &k;
  }
  return nullptr;
}

const Sensor* DeviceModel::find_sensor(std::string_view sensor_name) const {
  for (const auto& s : sensors) {
    if (s.name == sensor_name) return &s;
  }
  return nullptr;
}

const nlohmann::json* DeviceModel::section(const std::string& key) const {
  if (common_keys().count(key)) return nullptr;
  const auto it = json.find(key);
  return it == json.end() ? nullptr : &*it;
}

DeviceModel device_model_from_json(const nlohmann::json& j, const std::string& label,
                                   const std::string& expected_id) {
  const JsonAt at(label);
  require_object(j, at);
  DeviceModel m;
  const std::string schema = require_string(j, at, "schema");
  if (schema != kDeviceSchema) at["schema"].fail(std::string("\"") + kDeviceSchema + "\"", j["schema"]);
  m.id = require_string(j, at, "id");
  if (!is_identifier(m.id, "-_.")) {
    at["id"].fail("lower-case letters, digits, '-', '_' or '.' (such as \"jetson-agx-orin\")", j["id"]);
  }
  if (!expected_id.empty() && m.id != expected_id) {
    at["id"].fail("\"" + expected_id + "\", the file name without .json", j["id"]);
  }
  m.name = require_string(j, at, "name");
  m.device_class = require_string(j, at, "class");
  if (!is_identifier(m.device_class, "-")) {
    at["class"].fail("lower-case words joined by '-' (such as \"edge-gpu\")", j["class"]);
  }
  m.simulated = require_bool(j, at, "simulated");
  m.description = optional_string(j, at, "description").value_or("");
  m.sources = read_sources(j, at);
  std::set<std::string> source_ids;
  for (const auto& s : m.sources) source_ids.insert(s.id);

  const auto& knobs = require_array(j, at, "knobs");
  std::set<std::string> knob_names;
  for (std::size_t i = 0; i < knobs.size(); ++i) {
    Knob k = read_knob(knobs[i], at["knobs"][i], source_ids);
    if (!knob_names.insert(k.name).second) {
      at["knobs"][i]["name"].fail("a name not used by an earlier knob", knobs[i]["name"]);
    }
    m.knobs.push_back(std::move(k));
  }
  m.sensors = read_sensors(j, at);

  for (const auto& [key, value] : j.items()) {
    if (!common_keys().count(key) && !value.is_object()) {
      at[key].fail("an object (any field besides the common ones is a module section)", value);
    }
  }
  m.json = j;
  return m;
}

DeviceModel load_device_model(const std::filesystem::path& file) {
  const nlohmann::json j = read_json_file(file);
  DeviceModel m = device_model_from_json(j, file.string(), file.stem().string());
  m.file = file;
  return m;
}

}  // namespace plab::hw
