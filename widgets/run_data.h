#pragma once
// What the result views draw, loaded from the store in bulk: runs with their points and metrics,
// and what each metric means (unit, direction) from the modules that are loaded.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/experiment/plugin_loader.h"
#include "core/store/store.h"

namespace plab::widgets {

/// One stored run with everything the result views need (traces stay in the store).
struct RunData {
  store::RunRecord record;
  std::vector<store::PointRow> points;
  std::map<std::string, double> metrics;
  std::vector<store::SeriesInfo> series;
};

/// Loads runs by id with one query per table (never one per run); unknown ids are skipped.
std::vector<RunData> load_runs(const store::Store& store, const std::vector<std::int64_t>& ids);

/// Unit and direction of a metric as its module declared it.
struct MetricMeta {
  std::string unit;
  Direction direction = Direction::Minimize;
  bool known = false;  // false: the module did not declare it (defaults: no unit, minimise)
};

/// For a metric its module did not declare (a per-point metric such as "norm_perf"): maximise when
/// the name says it is a performance, throughput, accuracy, speed-up or score, else minimise; a
/// unit suffix ("_w", "_ms", "_mhz", ...) becomes the unit. known stays false.
MetricMeta guess_meta(const std::string& metric);

/// The metric declarations of the loaded modules, looked up by module id and metric name.
class MetricCatalog {
 public:
  MetricCatalog() = default;
  explicit MetricCatalog(const PluginRegistry& registry);
  void add(const ModuleInfo& info);

  MetricMeta meta(const std::string& module, const std::string& metric) const;
  /// The module's two default objectives, when it declared them.
  std::vector<std::string> default_objectives(const std::string& module) const;

 private:
  std::map<std::string, std::map<std::string, MetricSpec>> metrics_;
  std::map<std::string, std::vector<std::string>> objectives_;
};

/// One point as the Pareto, history and parallel views see it: its run, its place in the run,
/// and its configuration and metrics. A run that reported no points stands as one point made of
/// its final metrics (so a sweep of runs compares as points).
struct ViewPoint {
  std::int64_t run_id = 0;
  std::int64_t seq = -1;  // -1: the run's final metrics
  nlohmann::json config;
  std::map<std::string, double> metrics;
  bool feasible = true;
  std::string label;
};

std::vector<ViewPoint> view_points(const std::vector<RunData>& runs);

/// Every metric name that occurs in the points, sorted.
std::vector<std::string> metric_names(const std::vector<ViewPoint>& points);

/// A metric's value in a point, or NaN.
double metric_value(const ViewPoint& p, const std::string& name);

/// "name [unit]" for axis titles.
std::string axis_title(const std::string& name, const std::string& unit);

/// The hover text of a point: run, sequence, configuration and metrics, one per line.
std::string describe_point(const ViewPoint& p);

}  // namespace plab::widgets
