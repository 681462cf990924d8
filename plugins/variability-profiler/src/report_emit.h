#pragma once
// Turns an analysis into what a run reports through its context: metrics (headline and per
// application), one point per (application, device), per-device traces, and the measurements as
// a CSV artifact. The GUI's views read these: box plots per application from the points'
// norm_perf, scatter of norm_perf against power/frequency with outliers named (label "outlier",
// config.device), ranking from the points' rank.

#include <cstddef>
#include <string>
#include <vector>

#include "core/experiment/run_context.h"
#include "plugins/variability-profiler/src/analysis.h"
#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

/// Headline metrics (variation_pct, its interval, maxima, counts) and per-application metrics
/// named "<application>.<metric>". Sensor availability: "<sensor>_available" = 1 or 0.
void emit_metrics(RunContext& ctx, const Dataset& data, const Report& report);

/// One point per (application, device): config {application, device, node, cluster, label};
/// metrics norm_perf, norm_duration, duration_s, outlier (0/1), rank (1 = fastest), modified_z,
/// runs, and frequency_mhz, power_w, temperature_c when measured; label "outlier" for outliers.
void emit_points(RunContext& ctx, const Dataset& data, const Report& report);

/// The name of the measured population for box plots per cluster: the preset id for a simulated
/// cluster ("summit"), the file stem for an imported CSV, "local" for this machine.
std::string population_name(const Dataset& data);

/// One log line per (application, device), fastest first: rank, duration, normalised
/// performance, sensors, outlier flag. Meant for small populations (the local machine's cores).
void log_device_results(RunContext& ctx, const Dataset& data, const Report& report);

/// Per-run traces "<application>/<device>/<quantity>" for up to `max_devices` devices per
/// application (outliers first, then the slowest and fastest alternately); all when 0.
void emit_device_traces(RunContext& ctx, const Dataset& data, const Report& report, std::size_t max_devices);

/// Writes the measurements as CSV into the scratch folder and reports it as an artifact.
void emit_measurements_artifact(RunContext& ctx, const Dataset& data);

}  // namespace plab::variability
