#include "widgets/run_data.h"

#include <cmath>
#include <set>
#include <sstream>

namespace plab::widgets {

std::vector<RunData> load_runs(const store::Store& store, const std::vector<std::int64_t>& ids) {
  std::vector<RunData> out;
  if (ids.empty()) return out;
  const std::set<std::int64_t> wanted(ids.begin(), ids.end());
  std::map<std::int64_t, RunData> by_id;
  for (auto& r : store.list_runs()) {
    if (!wanted.count(r.id)) continue;
    by_id[r.id].record = std::move(r);
  }
  std::vector<std::int64_t> found;
  for (auto id : ids)
    if (by_id.count(id)) found.push_back(id);
  auto metrics = store.metrics_for(found);
  for (auto& p : store.points_for(found)) by_id[p.run_id].points.push_back(std::move(p));
  for (auto id : found) {
    auto& rd = by_id[id];
    rd.metrics = metrics[id];
    rd.series = store.series(id);
    out.push_back(std::move(rd));
  }
  return out;
}

MetricCatalog::MetricCatalog(const PluginRegistry& registry) {
  for (const auto& m : registry.modules()) add(m->info());
}

void MetricCatalog::add(const ModuleInfo& info) {
  for (const auto& m : info.metrics) metrics_[info.id][m.name] = m;
  objectives_[info.id] = info.default_objectives;
}

MetricMeta guess_meta(const std::string& metric) {
  MetricMeta m;
  static const char* kMore[] = {"perf", "throughput", "accuracy", "speedup", "score", "qps", "tps", "fps", "hit", "goodput", "efficiency"};
  for (const char* k : kMore)
    if (metric.find(k) != std::string::npos) m.direction = Direction::Maximize;
  // A unit suffix in the name ("power_w", "latency_ms") is shown as the unit.
  static const std::pair<const char*, const char*> kUnits[] = {{"_w", "W"}, {"_j", "J"}, {"_ms", "ms"}, {"_s", "s"},
                                                               {"_mhz", "MHz"}, {"_c", "°C"}, {"_pct", "%"}, {"_gb", "GB"}};
  for (const auto& [suffix, unit] : kUnits) {
    const std::string s = suffix;
    if (metric.size() > s.size() && metric.compare(metric.size() - s.size(), s.size(), s) == 0) {
      m.unit = unit;
      break;
    }
  }
  return m;
}

MetricMeta MetricCatalog::meta(const std::string& module, const std::string& metric) const {
  auto mod = metrics_.find(module);
  if (mod == metrics_.end()) return guess_meta(metric);
  auto it = mod->second.find(metric);
  if (it == mod->second.end()) return guess_meta(metric);
  return {it->second.unit, it->second.direction, true};
}

std::vector<std::string> MetricCatalog::default_objectives(const std::string& module) const {
  auto it = objectives_.find(module);
  return it == objectives_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<ViewPoint> view_points(const std::vector<RunData>& runs) {
  std::vector<ViewPoint> out;
  for (const auto& r : runs) {
    if (r.points.empty()) {
      if (r.metrics.empty()) continue;
      out.push_back({r.record.id, -1, r.record.params, r.metrics, true, "run " + std::to_string(r.record.id)});
      continue;
    }
    for (const auto& p : r.points)
      out.push_back({r.record.id, p.seq, p.point.config, p.point.metrics, p.point.feasible, p.point.label});
  }
  return out;
}

std::vector<std::string> metric_names(const std::vector<ViewPoint>& points) {
  std::set<std::string> names;
  for (const auto& p : points)
    for (const auto& [k, v] : p.metrics) names.insert(k);
  return {names.begin(), names.end()};
}

double metric_value(const ViewPoint& p, const std::string& name) {
  auto it = p.metrics.find(name);
  return it == p.metrics.end() ? NAN : it->second;
}

std::string axis_title(const std::string& name, const std::string& unit) {
  return unit.empty() ? name : name + " [" + unit + "]";
}

std::string describe_point(const ViewPoint& p) {
  std::ostringstream os;
  os << "run " << p.run_id;
  if (p.seq >= 0) os << ", point " << p.seq;
  if (!p.label.empty()) os << " (" << p.label << ")";
  if (!p.feasible) os << " - infeasible";
  os << "\n";
  if (p.config.is_object())
    for (const auto& [k, v] : p.config.items()) os << "  " << k << " = " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
  for (const auto& [k, v] : p.metrics) os << "  " << k << ": " << v << "\n";
  std::string s = os.str();
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace plab::widgets
