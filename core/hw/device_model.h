#pragma once
// Device models: the JSON files in data/devices/ that a "simulated:<device>" target reads.
// The common format every file follows is documented in data/devices/README.md.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plab::hw {

/// The schema tag every device file carries in its "schema" field.
inline constexpr const char* kDeviceSchema = "paretolab-device/1";

/// One setting of a device that an experiment may change (a frequency, a power limit, ...).
/// Files give either an explicit list of "levels" or a "range" {min, max, step}; both arrive here
/// as the full increasing list of levels.
struct Knob {
  std::string name;
  std::string unit;
  std::vector<double> levels;  // strictly increasing, never empty
  double default_value = 0;    // one of `levels`
  std::string description;
  std::string source;  // id of the entry in DeviceModel::sources the levels come from ("" if none)

  /// Index of `value` in levels (within a relative tolerance of 1e-9), or nullopt.
  std::optional<std::size_t> level_index(double value) const;
};

/// A quantity the device model can report (power, energy, temperature, ...).
struct Sensor {
  std::string name;
  std::string unit;
  std::string description;
};

/// A published source the numbers of a device model come from.
struct SourceRef {
  std::string id;
  std::string title;
  std::string url;
  std::string note;
};

/// A validated device model. `json` keeps the whole file, including the module-specific sections
/// (such as "inference") that modules validate themselves with the helpers of json_check.h.
struct DeviceModel {
  std::string id;  // equals the file name without ".json"
  std::string name;
  std::string device_class;  // "edge-gpu", "datacenter-gpu", "cpu", ...
  bool simulated = true;
  std::string description;
  std::vector<Knob> knobs;
  std::vector<Sensor> sensors;
  std::vector<SourceRef> sources;
  nlohmann::json json;
  std::filesystem::path file;  // where it was read from ("" when built from JSON in memory)

  const Knob* find_knob(std::string_view knob_name) const;
  const Sensor* find_sensor(std::string_view sensor_name) const;
  /// A module-specific section ("inference", ...) or nullptr when the file has none.
  const nlohmann::json* section(const std::string& key) const;
};

/// Validates `j` against the common device format and returns the typed model. `label` names the
/// origin in errors ("data/devices/x.json"). When `expected_id` is not empty, the "id" field must
/// equal it. Throws InputError "<label>: <json path>: expected <what>" on the first problem.
DeviceModel device_model_from_json(const nlohmann::json& j, const std::string& label,
                                   const std::string& expected_id = "");

/// Reads, parses and validates one device file; its "id" must equal the file name without
/// ".json". Throws InputError naming the file (and line/column for a JSON syntax error).
DeviceModel load_device_model(const std::filesystem::path& file);

}  // namespace plab::hw
