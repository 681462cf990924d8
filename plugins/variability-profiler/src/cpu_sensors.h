#pragma once
// What Linux says about a CPU while it works: per-core clock (cpufreq), package temperature
// (hwmon, else thermal zones) and package energy (RAPL powercap). Every path is read under a root
// folder, so tests run against a fixture tree. Whatever is absent or unreadable is reported as
// missing with the reason, never guessed.
//
// Scope: temperature is the package (or hottest CPU) sensor, not per core; energy is the sum over
// RAPL package domains, so the power of a run on one core includes what the rest of the package
// drew meanwhile. The README says so.
//
// Thread-safe: reads only; no state changes after construction.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace plab::variability {

class CpuSensors {
 public:
  /// Discovers the sensors under `root` ("/" on a real machine).
  explicit CpuSensors(std::filesystem::path root = "/");

  /// Current clock of logical CPU `cpu` in MHz (scaling_cur_freq), or nullopt.
  std::optional<double> frequency_mhz(int cpu) const;
  /// Package temperature in degrees C, or nullopt.
  std::optional<double> temperature_c() const;
  /// Cumulative package energy in joules (sum over RAPL packages), or nullopt.
  std::optional<double> energy_j() const;
  /// The counter's wrap-around range in joules (sum of max_energy_range_uj), 0 if unknown.
  double energy_range_j() const { return energy_range_j_; }

  bool has_frequency() const { return has_frequency_; }
  bool has_temperature() const { return !temperature_files_.empty(); }
  bool has_energy() const { return !energy_files_.empty(); }

  /// One line per missing sensor: what is missing and why ("power: no RAPL powercap domain
  /// under /sys/class/powercap").
  const std::vector<std::string>& missing() const { return missing_; }
  /// One line per sensor found (which file it reads).
  const std::vector<std::string>& found() const { return found_; }

 private:
  std::filesystem::path root_;
  bool has_frequency_ = false;
  std::vector<std::filesystem::path> temperature_files_;
  std::vector<std::filesystem::path> energy_files_;
  double energy_range_j_ = 0;
  std::vector<std::string> missing_, found_;
};

/// Reads one number from a sysfs-style file; nullopt if absent, unreadable or not a number.
std::optional<double> read_number(const std::filesystem::path& file);

/// Logical CPUs this process may run on (sched_getaffinity), ascending.
std::vector<int> allowed_cpus();

/// Pins the calling thread to logical CPU `cpu` (sched_setaffinity). Returns false on failure.
bool pin_this_thread(int cpu);

}  // namespace plab::variability
