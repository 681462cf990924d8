#pragma once
// Measurements of the same applications on many devices of one model: what the variability
// analysis consumes, whatever produced it (local profiling, a simulated cluster, an imported CSV).

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace plab::variability {

/// A value a sensor did not provide. Missing values stay missing: never invented, never zero.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool present(double v) { return !std::isnan(v); }

/// One processor: a CPU core, a GPU. `id` is unique in a dataset; `node` names the machine it
/// sits in; `label` is free text shown to a user (GPU model and UUID, CPU model).
struct Device {
  std::string id;
  std::string node;
  std::string label;
};

/// One run of one application on one device. duration_s is the performance measure (lower is
/// faster): for the paper's benchmarks, the mean kernel or iteration time of the run. The sensor
/// values are the medians of the samples taken during the run (power: mean over the run when
/// it comes from an energy counter); kMissing when not measured. start_s: seconds since the
/// measurement campaign began (kMissing if unknown).
struct Measurement {
  std::uint32_t device = 0;
  std::uint32_t application = 0;
  std::int32_t repetition = 0;
  double duration_s = 0;
  double frequency_mhz = kMissing;
  double power_w = kMissing;
  double temperature_c = kMissing;
  double start_s = kMissing;
};

/// A measurement campaign. Devices and applications are interned: measurements refer to them
/// by index, so a dataset of hundreds of thousands of runs stays compact.
class Dataset {
 public:
  /// Index of device `id`, adding it (with node and label) on first use.
  std::uint32_t device(const std::string& id, const std::string& node, const std::string& label = "");
  /// Index of application `name`, adding it on first use.
  std::uint32_t application(const std::string& name);

  std::vector<Device> devices;
  std::vector<std::string> applications;
  std::vector<Measurement> runs;
  std::string source;  // "local", "cluster:summit", "csv:/path/file.csv"

 private:
  std::unordered_map<std::string, std::uint32_t> device_index_;
  std::unordered_map<std::string, std::uint32_t> application_index_;
};

}  // namespace plab::variability
