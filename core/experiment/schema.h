#pragma once
// Parameter schemas: the JSON Schema subset modules use to describe their parameters, and the
// validation that turns user input (config files, --set key=value, GUI fields) into checked values.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace plab {

/// One problem with one parameter: which field, and what was expected.
struct ParamError {
  std::string field;
  std::string message;  // already names the field: "field 'slo_ms': 3 is below the minimum 10 ms"
};

/// A module's parameter schema: {"type":"object","properties":{name: {...}},"required":[...]}.
/// Each property has "type" (number|integer|boolean|string), optional "default", "minimum",
/// "maximum", "enum", "unit", "title", "description". A property without a default is required.
class ParamSchema {
 public:
  struct Property {
    std::string name;
    std::string type;  // "number", "integer", "boolean", "string"
    nlohmann::json default_value;  // null when absent
    std::optional<double> minimum, maximum;
    std::vector<nlohmann::json> enum_values;
    std::string unit, title, description;
    bool required = false;
  };

  /// Parses a schema, checking it is well formed; `who` names its owner in errors (InputError).
  static ParamSchema from_json(const nlohmann::json& schema, const std::string& who);

  const std::vector<Property>& properties() const { return properties_; }
  const Property* find(const std::string& name) const;

  /// Checks one value against its property; returns the reason when it does not fit.
  std::optional<std::string> check_value(const Property& p, const nlohmann::json& value) const;
  /// Checks an object of values: unknown names, wrong types, ranges, enums, missing required.
  /// Returns every problem found (empty when valid).
  std::vector<ParamError> validate(const nlohmann::json& values) const;
  /// Validates and fills in defaults; throws InputError listing every problem, each prefixed with
  /// `where` (a file name, "--set", ...).
  nlohmann::json apply(const nlohmann::json& values, const std::string& where) const;
  /// Converts the text of `--set name=text` to the property's type; throws InputError.
  nlohmann::json parse_text(const std::string& name, const std::string& text) const;
  nlohmann::json defaults() const;

 private:
  std::vector<Property> properties_;
};

/// Reads a JSON file; a syntax error names the file, line and column (InputError).
nlohmann::json read_json_file(const std::string& path);

}  // namespace plab
