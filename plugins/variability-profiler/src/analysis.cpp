#include "plugins/variability-profiler/src/analysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/stats/outliers.h"
#include "core/stats/quantile.h"
#include "core/stats/summary.h"
#include "core/util/error.h"

namespace plab::variability {
namespace {

struct PerDevice {
  std::vector<double> durations, freq, power, temp;
};

double median_or_missing(const std::vector<double>& v) { return v.empty() ? kMissing : stats::median(v); }

void correlate(AppResult& app, const char* sensor, double DeviceResult::*field, double confidence) {
  std::vector<double> x, y;
  for (const auto& d : app.devices)
    if (present(d.*field)) {
      x.push_back(d.*field);
      y.push_back(d.norm_perf);
    }
  if (x.size() < 4) {
    app.notes.push_back(std::string(sensor) + ": " + std::to_string(x.size()) +
                        " devices report it; a correlation interval needs at least 4");
    return;
  }
  SensorCorrelation c;
  c.sensor = sensor;
  c.pearson = stats::pearson(x, y, confidence);
  c.spearman = stats::spearman(x, y, confidence);
  app.correlations.push_back(c);
}

AppResult analyse_app(const Dataset& data, std::uint32_t app_index, const std::vector<PerDevice>& per,
                      const AnalysisOptions& opt, std::vector<double>& replicates_out) {
  AppResult app;
  app.application = data.applications[app_index];
  std::vector<double> durations;
  std::vector<std::vector<double>> groups;
  for (std::uint32_t d = 0; d < per.size(); ++d) {
    const PerDevice& p = per[d];
    if (p.durations.empty()) continue;
    DeviceResult r;
    r.device = d;
    r.runs = p.durations.size();
    r.duration_s = opt.aggregate_by_median ? stats::median(p.durations) : stats::mean(p.durations);
    r.frequency_mhz = median_or_missing(p.freq);
    r.power_w = median_or_missing(p.power);
    r.temperature_c = median_or_missing(p.temp);
    app.devices.push_back(r);
    durations.push_back(r.duration_s);
    groups.push_back(p.durations);
  }
  if (app.devices.size() < 2)
    throw InputError("application '" + app.application + "': measured on " +
                     std::to_string(app.devices.size()) + " device(s); variability needs at least 2");

  const auto norm = stats::normalise_to_median(durations);
  const auto flags = stats::tukey_outliers(norm, opt.tukey_k);
  const auto mz = stats::modified_z_scores(norm);
  std::vector<std::size_t> order(norm.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return norm[a] < norm[b]; });
  for (std::size_t i = 0; i < order.size(); ++i) app.devices[order[i]].rank = i + 1;
  for (std::size_t i = 0; i < norm.size(); ++i) {
    auto& r = app.devices[i];
    r.norm_duration = norm[i];
    r.norm_perf = 1.0 / norm[i];
    r.outlier = flags[i];
    r.modified_z = mz[i];
  }
  app.box = stats::box_stats(norm, opt.tukey_k);
  app.whisker_variation_pct = stats::variation_percent(app.box, stats::Variation::Whiskers);
  app.range_variation_pct = stats::variation_percent(app.box, stats::Variation::Range);
  app.outliers = stats::count(flags);
  for (std::size_t i = 0; i < norm.size(); ++i)
    if (norm[i] > app.box.upper_fence) ++app.slow_outliers;
  app.max_slowdown = app.box.max;

  const auto def = opt.definition;
  const stats::Statistic stat = [def](std::span<const double> v) { return stats::variation_percent(v, def); };
  replicates_out = stats::bootstrap_replicates(durations, stat, opt.bootstrap_resamples,
                                               opt.seed * 1000003ULL + app_index);
  app.variation =
      stats::percentile_interval(stats::variation_percent(app.box, def), replicates_out, opt.confidence);

  const bool repeated = std::any_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() > 1; });
  if (repeated)
    app.repeatability = stats::repeatability(groups);
  else
    app.notes.push_back("repeatability: every device ran once; needs repeated runs");

  correlate(app, "frequency_mhz", &DeviceResult::frequency_mhz, opt.confidence);
  correlate(app, "power_w", &DeviceResult::power_w, opt.confidence);
  correlate(app, "temperature_c", &DeviceResult::temperature_c, opt.confidence);
  return app;
}

SoloResult solo_result(const std::string& application, const std::vector<PerDevice>& per,
                       const AnalysisOptions& opt) {
  SoloResult r;
  r.application = application;
  for (std::size_t d = 0; d < per.size(); ++d) {
    const PerDevice& p = per[d];
    if (p.durations.empty()) continue;
    r.device = d;
    r.runs = p.durations.size();
    r.duration_s = opt.aggregate_by_median ? stats::median(p.durations) : stats::mean(p.durations);
    if (p.durations.size() >= 2) {
      const double m = stats::mean(p.durations);
      if (m > 0) r.run_cv_pct = 100.0 * std::sqrt(stats::variance(p.durations)) / m;
    }
    r.frequency_mhz = median_or_missing(p.freq);
    r.power_w = median_or_missing(p.power);
    r.temperature_c = median_or_missing(p.temp);
  }
  return r;
}

}  // namespace

Report analyse(const Dataset& data, const AnalysisOptions& opt) {
  if (data.runs.empty()) throw InputError(data.source + ": no measurements to analyse");
  // Bucket runs by application, then by device.
  std::vector<std::vector<PerDevice>> per(data.applications.size(),
                                          std::vector<PerDevice>(data.devices.size()));
  for (const auto& m : data.runs) {
    PerDevice& p = per[m.application][m.device];
    p.durations.push_back(m.duration_s);
    if (present(m.frequency_mhz)) p.freq.push_back(m.frequency_mhz);
    if (present(m.power_w)) p.power.push_back(m.power_w);
    if (present(m.temperature_c)) p.temp.push_back(m.temperature_c);
  }
  Report rep;
  std::vector<double> mean_reps(opt.bootstrap_resamples, 0.0);
  for (std::uint32_t a = 0; a < data.applications.size(); ++a) {
    const auto measured =
        std::count_if(per[a].begin(), per[a].end(), [](const PerDevice& p) { return !p.durations.empty(); });
    if (measured < 2) {
      std::string note = "application '" + data.applications[a] + "': measured on " + std::to_string(measured) +
                         " device(s); variability needs at least 2, left out";
      if (measured == 1) {
        rep.solo.push_back(solo_result(data.applications[a], per[a], opt));
        note += " of the comparison (its run-to-run variation is reported alone)";
      }
      rep.notes.push_back(note);
      continue;
    }
    std::vector<double> reps;
    rep.apps.push_back(analyse_app(data, a, per[a], opt, reps));
    for (std::size_t b = 0; b < reps.size(); ++b) mean_reps[b] += reps[b];
  }
  if (rep.apps.empty())
    throw InputError(data.source + ": no application was measured on at least 2 devices; nothing to compare");
  const double napps = static_cast<double>(rep.apps.size());
  double mean = 0;
  for (const auto& app : rep.apps) {
    mean += app.variation.estimate;
    rep.max_variation_pct = std::max(rep.max_variation_pct, app.variation.estimate);
    rep.max_slowdown = std::max(rep.max_slowdown, app.max_slowdown);
    rep.total_outliers += app.outliers;
  }
  for (double& r : mean_reps) r /= napps;
  // Applications are resampled independently, so the average of their replicates is a replicate
  // of the average.
  rep.mean_variation = stats::percentile_interval(mean / napps, mean_reps, opt.confidence);
  return rep;
}

}  // namespace plab::variability
