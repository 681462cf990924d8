#pragma once
// What "local" (this machine) can measure and change, as found by LocalProbe. This is what
// `paretolab-cli targets --json` prints for local and what TargetInfo::model holds for it.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/hw/probe_cpufreq.h"
#include "core/hw/probe_hwmon.h"
#include "core/hw/probe_nvml.h"
#include "core/hw/probe_rapl.h"

namespace plab::hw {

/// The schema tag of LocalReport::to_json().
inline constexpr const char* kLocalReportSchema = "paretolab-local/1";

/// One sensor or knob of this machine and whether it can be used. Nothing is filled in for
/// something that is missing: an unavailable entry has a reason and no value.
struct Capability {
  std::string name;  // "cpu_utilisation", "rapl/package-0", "gpu0/power", "cpu_max_frequency", ...
  std::string unit;
  bool available = false;
  std::string reason;  // why not available ("" when it is)
  std::string source;  // where it comes from: a file, "nvml:gpu0", ...
  std::string description;
  std::optional<double> value;  // sensors: the reading at probe time, when one reading means something
  // Knobs: the settings, in the device-model form ("levels", or "range" {min, max}, or "choices"
  // for non-numeric ones), and the current setting when known.
  nlohmann::json levels;  // array of numbers, or null
  std::optional<std::pair<double, double>> range;
  std::vector<std::string> choices;
  nlohmann::json current;  // number, string, or null

  nlohmann::json to_json() const;
};

/// Everything the local probes found, raw and summarised into sensors and knobs.
struct LocalReport {
  std::filesystem::path root;
  nlohmann::json host;  // hostname, kernel, machine; only when root is "/"
  CpuFreqReport cpufreq;
  RaplReport rapl;
  HwmonReport hwmon;
  bool proc_stat_ok = false;
  std::string proc_stat_reason;
  std::size_t proc_stat_cpus = 0;
  NvmlReport nvml;
  std::vector<Capability> sensors;
  std::vector<Capability> knobs;

  const Capability* find_sensor(const std::string& name) const;
  const Capability* find_knob(const std::string& name) const;

  /// {"schema": "paretolab-local/1", "root", "host", "sensors": [...], "knobs": [...],
  ///  "details": {"cpufreq", "rapl", "hwmon", "proc_stat", "nvml"}}.
  nlohmann::json to_json() const;
};

/// Builds LocalReport::sensors and ::knobs from the raw parts already in `report`.
/// `is_root` says whether this process runs as root (changing GPU power limits needs it).
void summarise(LocalReport& report, bool is_root);

}  // namespace plab::hw
