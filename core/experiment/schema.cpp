#include "core/experiment/schema.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "core/util/error.h"

namespace plab {
namespace {

const std::set<std::string> kTypes = {"number", "integer", "boolean", "string"};

std::string describe(const nlohmann::json& v) {
  if (v.is_string()) return "string \"" + v.get<std::string>() + "\"";
  if (v.is_boolean()) return std::string("boolean ") + (v.get<bool>() ? "true" : "false");
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer " + v.dump();
  if (v.is_number()) return "number " + v.dump();
  if (v.is_null()) return "null";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string fmt_num(double x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

bool is_integral(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15;
}

}  // namespace

ParamSchema ParamSchema::from_json(const nlohmann::json& schema, const std::string& who) {
  ParamSchema out;
  if (!schema.is_object()) throw InputError(who + ": params: expected a JSON Schema object");
  if (schema.contains("type") && schema["type"] != "object")
    throw InputError(who + ": params.type: expected \"object\"");
  const auto props = schema.value("properties", nlohmann::json::object());
  if (!props.is_object()) throw InputError(who + ": params.properties: expected an object");
  std::set<std::string> required;
  if (schema.contains("required")) {
    if (!schema["required"].is_array()) throw InputError(who + ": params.required: expected an array");
    for (const auto& r : schema["required"]) {
      if (!r.is_string()) throw InputError(who + ": params.required: expected names (strings)");
      if (!props.contains(r.get<std::string>()))
        throw InputError(who + ": params.required: '" + r.get<std::string>() + "' is not a property");
      required.insert(r.get<std::string>());
    }
  }
  for (const auto& [name, p] : props.items()) {
    const std::string where = who + ": params.properties." + name;
    if (!p.is_object()) throw InputError(where + ": expected an object");
    Property prop;
    prop.name = name;
    prop.type = p.value("type", std::string());
    if (!kTypes.count(prop.type))
      throw InputError(where + ".type: expected number, integer, boolean or string, got '" + prop.type + "'");
    auto num = [&](const char* key) -> std::optional<double> {
      if (!p.contains(key)) return std::nullopt;
      if (!p[key].is_number()) throw InputError(where + "." + key + ": expected a number");
      return p[key].get<double>();
    };
    prop.minimum = num("minimum");
    prop.maximum = num("maximum");
    if (prop.minimum && prop.maximum && *prop.minimum > *prop.maximum)
      throw InputError(where + ": minimum " + fmt_num(*prop.minimum) + " exceeds maximum " + fmt_num(*prop.maximum));
    if (p.contains("enum")) {
      if (!p["enum"].is_array() || p["enum"].empty()) throw InputError(where + ".enum: expected a non-empty array");
      for (const auto& e : p["enum"]) prop.enum_values.push_back(e);
    }
    const std::pair<const char*, std::string*> texts[] = {
        {"unit", &prop.unit}, {"title", &prop.title}, {"description", &prop.description}};
    for (auto [key, field] : texts) {
      if (!p.contains(key)) continue;
      if (!p[key].is_string()) throw InputError(where + "." + key + ": expected a string");
      *field = p[key].get<std::string>();
    }
    prop.default_value = p.value("default", nlohmann::json());
    prop.required = required.count(name) > 0 || prop.default_value.is_null();
    out.properties_.push_back(std::move(prop));
  }
  for (const auto& prop : out.properties_) {
    for (const auto& e : prop.enum_values)
      if (auto why = out.check_value(Property{prop.name, prop.type}, e))
        throw InputError(who + ": params.properties." + prop.name + ".enum: " + *why);
    if (!prop.default_value.is_null())
      if (auto why = out.check_value(prop, prop.default_value))
        throw InputError(who + ": params.properties." + prop.name + ".default: " + *why);
  }
  return out;
}

const ParamSchema::Property* ParamSchema::find(const std::string& name) const {
  for (const auto& p : properties_)
    if (p.name == name) return &p;
  return nullptr;
}

std::optional<std::string> ParamSchema::check_value(const Property& p, const nlohmann::json& v) const {
  const std::string field = "field '" + p.name + "': ";
  const std::string unit = p.unit.empty() ? "" : " " + p.unit;
  if (p.type == "boolean" && !v.is_boolean()) return field + "expected a boolean, got " + describe(v);
  if (p.type == "string" && !v.is_string()) return field + "expected a string, got " + describe(v);
  if (p.type == "integer" && !is_integral(v)) return field + "expected an integer, got " + describe(v);
  if (p.type == "number" && (!v.is_number() || !std::isfinite(v.get<double>())))
    return field + "expected a number, got " + describe(v);
  if (v.is_number()) {
    double x = v.get<double>();
    if (p.minimum && x < *p.minimum)
      return field + fmt_num(x) + unit + " is below the minimum " + fmt_num(*p.minimum) + unit;
    if (p.maximum && x > *p.maximum)
      return field + fmt_num(x) + unit + " is above the maximum " + fmt_num(*p.maximum) + unit;
  }
  if (!p.enum_values.empty()) {
    bool found = false;
    for (const auto& e : p.enum_values)
      found = found || e == v || (e.is_number() && v.is_number() && e.get<double>() == v.get<double>());
    if (!found) {
      std::string choices;
      for (const auto& e : p.enum_values) choices += (choices.empty() ? "" : ", ") + e.dump();
      return field + describe(v) + " is not one of: " + choices;
    }
  }
  return std::nullopt;
}

std::vector<ParamError> ParamSchema::validate(const nlohmann::json& values) const {
  std::vector<ParamError> errors;
  if (!values.is_object()) return {{"", "parameters: expected a JSON object of name: value"}};
  for (const auto& [name, v] : values.items()) {
    const Property* p = find(name);
    if (!p) {
      std::string known;
      for (const auto& q : properties_) known += (known.empty() ? "" : ", ") + q.name;
      errors.push_back({name, "field '" + name + "': unknown parameter (known: " + known + ")"});
    } else if (auto why = check_value(*p, v)) {
      errors.push_back({name, *why});
    }
  }
  for (const auto& p : properties_)
    if (p.required && p.default_value.is_null() && !values.contains(p.name))
      errors.push_back({p.name, "field '" + p.name + "': required, expected " + p.type});
  return errors;
}

nlohmann::json ParamSchema::apply(const nlohmann::json& values, const std::string& where) const {
  auto errors = validate(values);
  if (!errors.empty()) {
    std::string msg;
    for (const auto& e : errors) msg += (msg.empty() ? "" : "\n") + where + ": " + e.message;
    throw InputError(msg);
  }
  nlohmann::json out = defaults();
  for (const auto& [name, v] : values.items()) {
    const Property* p = find(name);
    out[name] = (p->type == "integer") ? nlohmann::json(static_cast<long long>(v.get<double>())) : v;
  }
  return out;
}

nlohmann::json ParamSchema::parse_text(const std::string& name, const std::string& text) const {
  const Property* p = find(name);
  if (!p) {
    std::string known;
    for (const auto& q : properties_) known += (known.empty() ? "" : ", ") + q.name;
    throw InputError("--set " + name + ": unknown parameter (known: " + known + ")");
  }
  if (p->type == "string") return text;
  if (p->type == "boolean") {
    if (text == "true" || text == "1" || text == "yes") return true;
    if (text == "false" || text == "0" || text == "no") return false;
    throw InputError("--set " + name + "=" + text + ": field '" + name + "': expected a boolean (true/false)");
  }
  try {
    std::size_t used = 0;
    if (p->type == "integer") {
      long long v = std::stoll(text, &used);
      if (used == text.size()) return v;
    } else {
      double v = std::stod(text, &used);
      if (used == text.size()) return v;
    }
  } catch (const std::exception&) {
  }
  throw InputError("--set " + name + "=" + text + ": field '" + name + "': expected " +
                   (p->type == "integer" ? "an integer" : "a number"));
}

nlohmann::json ParamSchema::defaults() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : properties_)
    if (!p.default_value.is_null()) out[p.name] = p.default_value;
  return out;
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    auto pos = what.find("; ");
    throw InputError(path + ":" + std::to_string(line) + ":" + std::to_string(col > 1 ? col - 1 : 1) +
                     ": invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos + 2)));
  }
}

}  // namespace plab
