#pragma once
// Linux cpufreq: per-CPU frequencies, governors, and whether this process could change them.

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace plab::hw {

/// What /sys/devices/system/cpu/cpuN/cpufreq says about one CPU. Frequencies in kHz, as sysfs
/// gives them; a value the kernel does not expose stays empty.
struct CpuFreqCpu {
  int cpu = 0;
  std::optional<bool> online;           // from cpuN/online; cpu0 often has no such file
  bool has_cpufreq = false;             // false: no cpufreq folder for this CPU (the other fields are empty)
  std::string driver;                   // scaling_driver: "intel_pstate", "acpi-cpufreq", "tegra194", ...
  std::optional<std::int64_t> cur_khz;  // scaling_cur_freq
  std::optional<std::int64_t> min_khz;  // scaling_min_freq
  std::optional<std::int64_t> max_khz;  // scaling_max_freq
  std::optional<std::int64_t> hw_min_khz;   // cpuinfo_min_freq
  std::optional<std::int64_t> hw_max_khz;   // cpuinfo_max_freq
  std::vector<std::int64_t> available_khz;  // scaling_available_frequencies, increasing
  std::vector<std::string> available_governors;
  std::string governor;            // scaling_governor
  bool setspeed_writable = false;  // access(W_OK) on scaling_setspeed
  bool max_freq_writable = false;  // access(W_OK) on scaling_max_freq
  bool governor_writable = false;  // access(W_OK) on scaling_governor
};

/// The cpufreq state of every CPU listed under <root>/sys/devices/system/cpu.
struct CpuFreqReport {
  std::vector<CpuFreqCpu> cpus;
  /// Empty when at least one CPU has cpufreq; otherwise why nothing is there.
  std::string reason;

  bool any_cpufreq() const;
  nlohmann::json to_json() const;
};

/// Reads cpufreq under `root` ("/" in production). Reads only; never writes a file.
CpuFreqReport probe_cpufreq(const std::filesystem::path& root);

}  // namespace plab::hw
