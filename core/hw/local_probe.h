#pragma once
// LocalProbe: finds out what this machine lets ParetoLab measure and change (the "local" target).

#include <filesystem>
#include <string>

#include "core/hw/local_report.h"
#include "core/hw/nvml.h"

namespace plab::hw {

/// Where and how to probe. Defaults probe the real machine.
struct LocalProbeOptions {
  std::filesystem::path root = "/";         // sysfs and procfs are read under this folder
  std::string nvml_library = kNvmlLibrary;  // the NVML shared library to dlopen
  bool probe_nvml = true;                   // false: skip NVML (reported as not probed)
};

/// Runs every local probe (cpufreq, RAPL, hwmon, /proc/stat, NVML) and summarises them. Reads
/// only; never changes a setting. Cheap enough to run per command (a few hundred small file reads
/// and one dlopen). Safe to call from several threads.
class LocalProbe {
 public:
  explicit LocalProbe(LocalProbeOptions options = {});

  const LocalProbeOptions& options() const { return options_; }
  /// Probes now. Never throws for missing or unreadable hardware: that is reported in the result.
  LocalReport run() const;

 private:
  LocalProbeOptions options_;
};

}  // namespace plab::hw
