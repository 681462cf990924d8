#pragma once
// Linux hwmon sensors (/sys/class/hwmon/hwmon*): temperatures, power, voltages, currents,
// frequencies and energy that drivers such as coretemp, k10temp, amdgpu or ina3221 publish.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace plab::hw {

/// One hwmon channel, with its value converted to the unit named in `unit`.
struct HwmonSensor {
  std::string kind;             // "temp", "power", "in", "curr", "freq", "energy", "fan"
  std::string channel;          // "temp1"
  std::string attribute;        // the file read: "temp1_input", "power1_average", ...
  std::string label;            // from <channel>_label, "" when there is none
  std::string unit;             // "°C", "W", "V", "A", "MHz", "J", "RPM"
  std::optional<double> value;  // empty when the file could not be read
};

/// One hwmon device folder and its sensors.
struct HwmonDevice {
  std::string id;    // "hwmon0"
  std::string name;  // from the name file: "coretemp", "k10temp", "nvme", ...
  std::vector<HwmonSensor> sensors;
};

struct HwmonReport {
  std::vector<HwmonDevice> devices;
  std::string reason;  // why there are no devices ("" when there are)

  nlohmann::json to_json() const;
};

/// Reads every <root>/sys/class/hwmon/hwmon*/ folder. Per channel the *_input file is used, or
/// *_average when there is no input (power meters often publish only an average).
HwmonReport probe_hwmon(const std::filesystem::path& root);

/// Reads one sensor again (same file, same scaling); nullopt when it cannot be read now.
std::optional<double> read_hwmon_value(const std::filesystem::path& device_dir, const HwmonSensor& sensor);

}  // namespace plab::hw
