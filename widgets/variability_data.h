#pragma once
// The per-device points of variability-profiler runs, grouped for the variability views: one group
// per (run, application), named by the application and, when the runs hold several populations
// (clusters, CSV files, local), by the population too.

#include <QString>
#include <vector>

#include "core/stats/variation.h"
#include "widgets/run_data.h"

namespace plab::widgets {

/// One device's result for one application, as the module stored it (NaN: not measured).
struct VarDevice {
  std::int64_t run_id = 0;
  std::int64_t seq = 0;
  std::string device, node;
  double norm_perf = 0, norm_duration = 0;
  double rank = 0;  // 1 = fastest
  bool outlier = false;
  double frequency_mhz = 0, power_w = 0, temperature_c = 0;
};

/// The devices of one application in one run.
struct VarGroup {
  std::int64_t run_id = 0;
  std::string population, application;
  QString name;  // "sgemm" or "summit · sgemm"
  std::vector<VarDevice> devices;
};

/// A sensor the scatter can put on its x axis.
struct VarSensor {
  const char* key;     // the point metric: "power_w"
  const char* alias;   // the plot-kind suffix: "power"
  const char* title;   // the axis title
};
/// power, clock, temperature.
const std::vector<VarSensor>& var_sensors();
/// The sensor with this metric key or alias, or nullptr.
const VarSensor* find_sensor(const QString& key_or_alias);

/// The module whose points these views read.
inline constexpr const char* kVariabilityModule = "variability-profiler";

/// The groups of the variability runs among `runs` (other runs are skipped), in run order and,
/// within a run, in the order the applications were stored.
std::vector<VarGroup> variability_groups(const std::vector<RunData>& runs);

/// Whether any of the runs is a variability-profiler run with points.
bool has_variability(const std::vector<RunData>& runs);

/// A metric of a device by name ("norm_perf", "power_w", ...), NaN when absent.
double device_value(const VarDevice& d, const std::string& metric);

/// Tukey box of a group's values of `metric` (devices without it are left out). Throws
/// InputError when no device has it.
stats::BoxStats group_box(const VarGroup& g, const std::string& metric);

/// A device's hover text: device, node, population, application, its figures.
QString describe_device(const VarGroup& g, const VarDevice& d);

}  // namespace plab::widgets
