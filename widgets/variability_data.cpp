#include "widgets/variability_data.h"

#include <cmath>
#include <map>
#include <set>

#include "core/util/error.h"
#include "widgets/plot_style.h"

namespace plab::widgets {
namespace {

std::string text_of(const nlohmann::json& config, const char* key) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

double num_of(const std::map<std::string, double>& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? NAN : it->second;
}

}  // namespace

const std::vector<VarSensor>& var_sensors() {
  static const std::vector<VarSensor> kSensors = {
      {"power_w", "power", "power [W]"},
      {"frequency_mhz", "clock", "clock frequency [MHz]"},
      {"temperature_c", "temperature", "temperature [°C]"},
  };
  return kSensors;
}

const VarSensor* find_sensor(const QString& key_or_alias) {
  for (const auto& s : var_sensors())
    if (key_or_alias == s.key || key_or_alias == s.alias) return &s;
  return nullptr;
}

bool has_variability(const std::vector<RunData>& runs) {
  for (const auto& r : runs)
    if (r.record.module == kVariabilityModule && !r.points.empty()) return true;
  return false;
}

std::vector<VarGroup> variability_groups(const std::vector<RunData>& runs) {
  std::vector<VarGroup> groups;
  for (const auto& r : runs) {
    if (r.record.module != kVariabilityModule) continue;
    std::map<std::string, std::size_t> index;  // application -> group of this run
    for (const auto& row : r.points) {
      const auto& p = row.point;
      if (!p.metrics.count("norm_perf")) continue;
      const std::string app = text_of(p.config, "application");
      auto [it, fresh] = index.emplace(app, groups.size());
      if (fresh) {
        VarGroup g;
        g.run_id = r.record.id;
        g.application = app;
        g.population = text_of(p.config, "cluster");
        if (g.population.empty()) g.population = r.record.target;
        groups.push_back(std::move(g));
      }
      VarDevice d;
      d.run_id = r.record.id;
      d.seq = row.seq;
      d.device = text_of(p.config, "device");
      d.node = text_of(p.config, "node");
      d.norm_perf = num_of(p.metrics, "norm_perf");
      d.norm_duration = num_of(p.metrics, "norm_duration");
      d.rank = num_of(p.metrics, "rank");
      d.outlier = num_of(p.metrics, "outlier") > 0.5;
      d.frequency_mhz = num_of(p.metrics, "frequency_mhz");
      d.power_w = num_of(p.metrics, "power_w");
      d.temperature_c = num_of(p.metrics, "temperature_c");
      groups[it->second].devices.push_back(std::move(d));
    }
  }
  // Name the groups: the population only when there are several, the run when a population repeats.
  std::set<std::string> populations;
  std::map<std::string, std::set<std::int64_t>> runs_of;
  for (const auto& g : groups) {
    populations.insert(g.population);
    runs_of[g.population].insert(g.run_id);
  }
  for (auto& g : groups) {
    QString name = QString::fromStdString(g.application);
    if (populations.size() > 1 || runs_of[g.population].size() > 1) {
      QString pop = QString::fromStdString(g.population);
      if (runs_of[g.population].size() > 1) pop += QString(" (run %1)").arg(g.run_id);
      name = pop + " · " + name;
    }
    g.name = name;
  }
  return groups;
}

double device_value(const VarDevice& d, const std::string& metric) {
  if (metric == "norm_perf") return d.norm_perf;
  if (metric == "norm_duration") return d.norm_duration;
  if (metric == "rank") return d.rank;
  if (metric == "frequency_mhz") return d.frequency_mhz;
  if (metric == "power_w") return d.power_w;
  if (metric == "temperature_c") return d.temperature_c;
  return NAN;
}

stats::BoxStats group_box(const VarGroup& g, const std::string& metric) {
  std::vector<double> v;
  v.reserve(g.devices.size());
  for (const auto& d : g.devices)
    if (const double x = device_value(d, metric); std::isfinite(x)) v.push_back(x);
  if (v.empty()) throw InputError(g.name.toStdString() + ": no device reports " + metric);
  return stats::box_stats(v);
}

QString describe_device(const VarGroup& g, const VarDevice& d) {
  QString s = QString("device %1").arg(QString::fromStdString(d.device));
  if (!d.node.empty()) s += QString("\nnode %1").arg(QString::fromStdString(d.node));
  s += QString("\n%1 · %2 (run %3)")
           .arg(QString::fromStdString(g.population), QString::fromStdString(g.application))
           .arg(d.run_id);
  s += QString("\nnormalised performance %1").arg(format_number(d.norm_perf));
  s += QString("\nnormalised duration %1").arg(format_number(d.norm_duration));
  if (std::isfinite(d.rank)) s += QString("\nrank %1 of %2").arg(d.rank).arg(g.devices.size());
  for (const auto& sensor : var_sensors())
    if (const double v = device_value(d, sensor.key); std::isfinite(v))
      s += QString("\n%1 %2").arg(QString::fromUtf8(sensor.title), format_number(v));
  if (d.outlier) s += "\nOUTLIER";
  return s;
}

}  // namespace plab::widgets
