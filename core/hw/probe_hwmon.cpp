#include "core/hw/probe_hwmon.h"

#include <algorithm>
#include <map>
#include <regex>

#include "core/hw/sysfs.h"

namespace plab::hw {

namespace {

constexpr const char* kHwmonDir = "/sys/class/hwmon";

struct KindInfo {
  const char* unit;
  double scale;  // sysfs value x scale = value in unit
};

// Units of the hwmon sysfs ABI (Documentation/hwmon/sysfs-interface.rst).
const std::map<std::string, KindInfo>& kinds() {
  static const std::map<std::string, KindInfo> k = {
      {"temp", {"°C", 1e-3}},   // millidegree Celsius
      {"power", {"W", 1e-6}},   // microwatt
      {"in", {"V", 1e-3}},      // millivolt
      {"curr", {"A", 1e-3}},    // milliampere
      {"freq", {"MHz", 1e-6}},  // hertz
      {"energy", {"J", 1e-6}},  // microjoule
      {"fan", {"RPM", 1.0}},    // revolutions per minute
  };
  return k;
}

std::vector<HwmonSensor> read_sensors(const std::filesystem::path& dir) {
  static const std::regex attr_re("^(temp|power|in|curr|freq|energy|fan)([0-9]+)_(input|average)$");
  // channel -> best attribute: prefer _input over _average.
  std::map<std::pair<std::string, int>, HwmonSensor> by_channel;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, attr_re)) continue;
    const std::string kind = m[1];
    const int index = std::stoi(m[2]);
    const bool is_input = m[3] == "input";
    const auto key = std::make_pair(kind, index);
    const auto found = by_channel.find(key);
    if (found != by_channel.end() && !is_input) continue;  // keep the _input we already have
    HwmonSensor s;
    s.kind = kind;
    s.channel = kind + std::to_string(index);
    s.attribute = name;
    s.unit = kinds().at(kind).unit;
    by_channel[key] = s;
  }
  std::vector<HwmonSensor> out;
  for (auto& [key, s] : by_channel) {
    s.label = sysfs::read_text(dir / (s.channel + "_label")).value_or("");
    s.value = read_hwmon_value(dir, s);
    out.push_back(std::move(s));
  }
  return out;  // ordered by kind, then channel number
}

}  // namespace

std::optional<double> read_hwmon_value(const std::filesystem::path& device_dir, const HwmonSensor& sensor) {
  const auto it = kinds().find(sensor.kind);
  if (it == kinds().end()) return std::nullopt;
  const auto raw = sysfs::read_int(device_dir / sensor.attribute);
  if (!raw) return std::nullopt;
  return static_cast<double>(*raw) * it->second.scale;
}

nlohmann::json HwmonReport::to_json() const {
  nlohmann::json j = {{"devices", nlohmann::json::array()}};
  if (!reason.empty()) j["reason"] = reason;
  for (const auto& d : devices) {
    nlohmann::json e = {{"id", d.id}, {"name", d.name}, {"sensors", nlohmann::json::array()}};
    for (const auto& s : d.sensors) {
      e["sensors"].push_back({{"kind", s.kind},
                              {"channel", s.channel},
                              {"attribute", s.attribute},
                              {"label", s.label},
                              {"unit", s.unit},
                              {"value", s.value ? nlohmann::json(*s.value) : nlohmann::json(nullptr)}});
    }
    j["devices"].push_back(std::move(e));
  }
  return j;
}

HwmonReport probe_hwmon(const std::filesystem::path& root) {
  HwmonReport r;
  for (const auto& dir : sysfs::numbered_entries(sysfs::under(root, kHwmonDir), "hwmon")) {
    HwmonDevice d;
    d.id = dir.filename().string();
    d.name = sysfs::read_text(dir / "name").value_or("");
    d.sensors = read_sensors(dir);
    r.devices.push_back(std::move(d));
  }
  if (r.devices.empty()) {
    r.reason = std::string("no hwmon devices under ") + kHwmonDir +
               " (no sensor drivers loaded; usual in virtual machines and containers)";
  }
  return r;
}

}  // namespace plab::hw
