#pragma once
// The sensors of a CPU run, read through core/hw's probes: per-core clock (cpufreq), package
// temperature (a CPU hwmon chip) and package energy (RAPL powercap, wrap-around handled by
// hw::RaplEnergyCounter). Every path is read under a root folder, so tests run against a fixture
// tree. Whatever is absent or unreadable is reported as missing with the probe's reason, never
// guessed.
//
// Scope: temperature is the package sensor (the hottest CPU chip's first channel), not per core;
// energy is the sum over RAPL package zones, so the power of a run on one core includes what the
// rest of the package drew meanwhile. The README says so.
//
// Not thread-safe (the energy counters keep state): one reader, the profiler's sampling thread.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/hw/probe_hwmon.h"
#include "core/hw/probe_rapl.h"

namespace plab::variability {

/// Package-level CPU telemetry for the local profiler, an adapter over core/hw.
class CpuSensors {
 public:
  /// Probes the sensors under `root` ("/" on a real machine). Never throws for missing hardware.
  explicit CpuSensors(std::filesystem::path root = "/");

  /// Current clock of logical CPU `cpu` in MHz (scaling_cur_freq), or nullopt.
  std::optional<double> frequency_mhz(int cpu) const;
  /// Package temperature in degrees C (the hottest CPU chip), or nullopt.
  std::optional<double> temperature_c() const;
  /// Package energy in joules used since this object was made (sum over RAPL package zones,
  /// across counter wrap-arounds), or nullopt when a counter cannot be read now.
  std::optional<double> energy_j();

  bool has_frequency() const { return has_frequency_; }
  bool has_temperature() const { return !temperature_.empty(); }
  bool has_energy() const { return !energy_.empty(); }

  /// One line per missing sensor: what is missing and why ("power: no RAPL zones under ...").
  const std::vector<std::string>& missing() const { return missing_; }
  /// One line per sensor found (which file it reads).
  const std::vector<std::string>& found() const { return found_; }

 private:
  struct TempSource {
    std::filesystem::path dir;  // the hwmon device folder
    hw::HwmonSensor sensor;
  };
  std::filesystem::path root_;
  bool has_frequency_ = false;
  std::vector<TempSource> temperature_;
  std::vector<hw::RaplEnergyCounter> energy_;
  std::vector<std::string> missing_, found_;
};

}  // namespace plab::variability
