#include "plugins/variability-profiler/src/report_emit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "plugins/variability-profiler/src/csv_io.h"

namespace plab::variability {
namespace {

void metric_if(RunContext& ctx, const std::string& name, double v) {
  if (std::isfinite(v)) ctx.metric(name, v);
}

void emit_solo_metrics(RunContext& ctx, const Report& rep) {
  for (const auto& s : rep.solo) {
    const std::string a = s.application + ".";
    ctx.metric(a + "devices", 1);
    ctx.metric(a + "duration_s", s.duration_s);
    ctx.metric(a + "runs", static_cast<double>(s.runs));
    metric_if(ctx, a + "run_cv_pct", s.run_cv_pct);
    metric_if(ctx, a + "frequency_mhz", s.frequency_mhz);
    metric_if(ctx, a + "power_w", s.power_w);
    metric_if(ctx, a + "temperature_c", s.temperature_c);
  }
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

void emit_metrics(RunContext& ctx, const Dataset& data, const Report& rep) {
  ctx.metric("variation_pct", rep.mean_variation.estimate);
  ctx.metric("variation_pct_ci_low", rep.mean_variation.low);
  ctx.metric("variation_pct_ci_high", rep.mean_variation.high);
  ctx.metric("variation_max_pct", rep.max_variation_pct);
  ctx.metric("max_slowdown", rep.max_slowdown);
  ctx.metric("outliers", static_cast<double>(rep.total_outliers));
  ctx.metric("devices", static_cast<double>(data.devices.size()));
  ctx.metric("runs", static_cast<double>(data.runs.size()));
  ctx.metric("applications", static_cast<double>(rep.apps.size()));
  emit_solo_metrics(ctx, rep);
  bool f = false, p = false, t = false;
  for (const auto& m : data.runs) {
    f = f || present(m.frequency_mhz);
    p = p || present(m.power_w);
    t = t || present(m.temperature_c);
  }
  ctx.metric("frequency_available", f ? 1 : 0);
  ctx.metric("power_available", p ? 1 : 0);
  ctx.metric("temperature_available", t ? 1 : 0);

  for (const auto& app : rep.apps) {
    const std::string a = app.application + ".";
    ctx.metric(a + "variation_pct", app.variation.estimate);
    ctx.metric(a + "variation_ci_low", app.variation.low);
    ctx.metric(a + "variation_ci_high", app.variation.high);
    ctx.metric(a + "whisker_variation_pct", app.whisker_variation_pct);
    ctx.metric(a + "range_variation_pct", app.range_variation_pct);
    ctx.metric(a + "outliers", static_cast<double>(app.outliers));
    ctx.metric(a + "slow_outliers", static_cast<double>(app.slow_outliers));
    ctx.metric(a + "max_slowdown", app.max_slowdown);
    ctx.metric(a + "devices", static_cast<double>(app.devices.size()));
    ctx.metric(a + "q1", app.box.q1);
    ctx.metric(a + "q3", app.box.q3);
    if (app.repeatability) {
      const auto& r = *app.repeatability;
      metric_if(ctx, a + "within_cv", r.within_cv);
      metric_if(ctx, a + "across_cv", r.across_cv);
      metric_if(ctx, a + "repeatability_ratio", r.ratio);
      metric_if(ctx, a + "icc", r.icc);
      metric_if(ctx, a + "anova_p", r.p_value);
    }
    for (const auto& c : app.correlations) {
      const std::string s = a + c.sensor;
      metric_if(ctx, s + ".pearson_r", c.pearson.r);
      metric_if(ctx, s + ".pearson_ci_low", c.pearson.ci_low);
      metric_if(ctx, s + ".pearson_ci_high", c.pearson.ci_high);
      metric_if(ctx, s + ".spearman_rho", c.spearman.r);
      metric_if(ctx, s + ".spearman_ci_low", c.spearman.ci_low);
      metric_if(ctx, s + ".spearman_ci_high", c.spearman.ci_high);
      metric_if(ctx, s + ".spearman_p", c.spearman.p_value);
    }
  }
}

std::string population_name(const Dataset& data) {
  const auto colon = data.source.find(':');
  if (colon == std::string::npos) return data.source.empty() ? "local" : data.source;
  const std::string kind = data.source.substr(0, colon), name = data.source.substr(colon + 1);
  if (kind == "csv") return std::filesystem::path(name).stem().string();
  return name;
}

void emit_points(RunContext& ctx, const Dataset& data, const Report& rep) {
  const std::string population = population_name(data);
  for (const auto& app : rep.apps) {
    ctx.throw_if_cancelled();
    for (const auto& d : app.devices) {
      const Device& dev = data.devices[d.device];
      Point p;
      p.config = {
          {"application", app.application}, {"device", dev.id}, {"node", dev.node}, {"cluster", population}};
      if (!dev.label.empty()) p.config["label"] = dev.label;
      p.metrics["norm_perf"] = d.norm_perf;
      p.metrics["norm_duration"] = d.norm_duration;
      p.metrics["duration_s"] = d.duration_s;
      p.metrics["outlier"] = d.outlier ? 1 : 0;
      p.metrics["rank"] = static_cast<double>(d.rank);
      p.metrics["modified_z"] = d.modified_z;
      p.metrics["runs"] = static_cast<double>(d.runs);
      if (present(d.frequency_mhz)) p.metrics["frequency_mhz"] = d.frequency_mhz;
      if (present(d.power_w)) p.metrics["power_w"] = d.power_w;
      if (present(d.temperature_c)) p.metrics["temperature_c"] = d.temperature_c;
      p.label = d.outlier ? "outlier" : "";
      ctx.point(p);
    }
  }
}

void log_device_results(RunContext& ctx, const Dataset& data, const Report& rep) {
  for (const auto& app : rep.apps) {
    std::vector<const DeviceResult*> by_rank;
    for (const auto& d : app.devices) by_rank.push_back(&d);
    std::sort(by_rank.begin(), by_rank.end(), [](auto x, auto y) { return x->rank < y->rank; });
    for (const DeviceResult* d : by_rank) {
      std::string line = app.application + " on " + data.devices[d->device].id + ": rank " +
                         std::to_string(d->rank) + "/" + std::to_string(app.devices.size()) + ", " +
                         fixed(d->duration_s * 1e3, 3) + " ms (median of " + std::to_string(d->runs) +
                         " runs), " + fixed(d->norm_perf, 4) + " x the median device";
      if (present(d->frequency_mhz)) line += ", " + fixed(d->frequency_mhz, 0) + " MHz";
      if (present(d->power_w)) line += ", " + fixed(d->power_w, 1) + " W";
      if (present(d->temperature_c)) line += ", " + fixed(d->temperature_c, 1) + " C";
      if (d->outlier) line += ", OUTLIER";
      ctx.info(line);
    }
  }
  for (const auto& s : rep.solo) {
    std::string line = s.application + " on " + data.devices[s.device].id + " (the only device): " +
                       fixed(s.duration_s * 1e3, 3) + " ms (median of " + std::to_string(s.runs) + " runs)";
    if (present(s.run_cv_pct)) line += ", run-to-run CV " + fixed(s.run_cv_pct, 3) + "%";
    if (present(s.frequency_mhz)) line += ", " + fixed(s.frequency_mhz, 0) + " MHz";
    if (present(s.power_w)) line += ", " + fixed(s.power_w, 1) + " W";
    if (present(s.temperature_c)) line += ", " + fixed(s.temperature_c, 1) + " C";
    ctx.info(line);
  }
}

void emit_device_traces(RunContext& ctx, const Dataset& data, const Report& rep, std::size_t max_devices) {
  for (std::uint32_t a = 0; a < data.applications.size(); ++a) {
    const auto it = std::find_if(rep.apps.begin(), rep.apps.end(),
                                 [&](const AppResult& r) { return r.application == data.applications[a]; });
    if (it == rep.apps.end()) continue;
    // Pick devices: outliers first, then slowest and fastest alternately.
    std::vector<const DeviceResult*> order;
    for (const auto& d : it->devices) order.push_back(&d);
    std::sort(order.begin(), order.end(), [](auto x, auto y) { return x->rank > y->rank; });  // slowest first
    std::vector<std::uint32_t> pick;
    for (auto* d : order)
      if (d->outlier) pick.push_back(d->device);
    for (std::size_t lo = 0, hi = order.size(); lo < hi;) {
      pick.push_back(order[lo++]->device);
      if (lo < hi) pick.push_back(order[--hi]->device);
    }
    std::set<std::uint32_t> chosen;
    for (auto d : pick) {
      if (max_devices && chosen.size() >= max_devices) break;
      chosen.insert(d);
    }
    // Runs of the chosen devices in time order (start_s, else repetition).
    std::map<std::uint32_t, std::vector<const Measurement*>> runs;
    for (const auto& m : data.runs)
      if (m.application == a && chosen.count(m.device)) runs[m.device].push_back(&m);
    for (auto& [dev, list] : runs) {
      // One x axis per device: campaign time when every run has its start, else the repetition.
      const bool timed = std::all_of(list.begin(), list.end(), [](const Measurement* m) { return present(m->start_s); });
      auto t_of = [timed](const Measurement* m) { return timed ? m->start_s : static_cast<double>(m->repetition); };
      std::sort(list.begin(), list.end(), [&](auto x, auto y) { return t_of(x) < t_of(y); });
      const std::string base = data.applications[a] + "/" + data.devices[dev].id + "/";
      // Units and what t is, for the series that will have samples.
      const char* x_axis = timed ? "campaign time (s)" : "repetition";
      auto any = [&](auto field) { return std::any_of(list.begin(), list.end(), [&](const Measurement* m) { return present(m->*field); }); };
      ctx.declare_series(base + "duration_s", "s", x_axis);
      if (any(&Measurement::frequency_mhz)) ctx.declare_series(base + "frequency_mhz", "MHz", x_axis);
      if (any(&Measurement::power_w)) ctx.declare_series(base + "power_w", "W", x_axis);
      if (any(&Measurement::temperature_c)) ctx.declare_series(base + "temperature_c", "°C", x_axis);
      for (const Measurement* m : list) {
        const double t = t_of(m);
        ctx.trace(base + "duration_s", t, m->duration_s);
        if (present(m->frequency_mhz)) ctx.trace(base + "frequency_mhz", t, m->frequency_mhz);
        if (present(m->power_w)) ctx.trace(base + "power_w", t, m->power_w);
        if (present(m->temperature_c)) ctx.trace(base + "temperature_c", t, m->temperature_c);
      }
    }
  }
}

void emit_measurements_artifact(RunContext& ctx, const Dataset& data) {
  const auto file = ctx.scratch_dir() / "measurements.csv";
  write_measurements_csv(data, file);
  ctx.artifact("measurements.csv", file, "text/csv");
}

}  // namespace plab::variability
