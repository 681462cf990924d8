#include "plugins/energy-tuner/src/perf_model.h"

#include <algorithm>
#include <cmath>

#include "core/hw/json_check.h"
#include "core/util/error.h"

namespace plab::energy {
namespace {

using nlohmann::json;

double positive(const json& obj, const hw::JsonAt& at, const std::string& key, bool allow_zero = false) {
  const double v = hw::require_number(obj, at, key);
  if (!(allow_zero ? v >= 0 : v > 0))
    at[key].fail(allow_zero ? "a number >= 0" : "a number > 0", obj.at(key));
  return v;
}

double fraction(const json& obj, const hw::JsonAt& at, const std::string& key) {
  const double v = hw::require_number(obj, at, key);
  if (!(v >= 0 && v <= 1)) at[key].fail("a number in [0, 1]", obj.at(key));
  return v;
}

std::vector<double> numbers(const json& obj, const hw::JsonAt& at, const std::string& key, std::size_t n) {
  const json& a = hw::require_array(obj, at, key, false);
  if (a.size() != n)
    at[key].fail("an array of " + std::to_string(n) + " numbers (one per power-limit level)", a);
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_number() || !(a[i].get<double>() > 0)) at[key][i].fail("a number > 0", a[i]);
    out.push_back(a[i].get<double>());
  }
  return out;
}

const json& section_of(const hw::DeviceModel& device, hw::JsonAt& at) {
  const json* s = device.section("inference");
  if (!s) at.fail("an \"inference\" section (the energy tuner's latency/power model)");
  hw::require_object(*s, at["inference"]);
  return *s;
}

}  // namespace

json HwConfig::to_json() const {
  json j = json::object();
  for (const auto& [k, v] : knobs) j[k] = v;
  j["batch_size"] = batch;
  return j;
}

std::vector<std::string> PerfModel::models(const hw::DeviceModel& device) {
  hw::JsonAt at(device.file.empty() ? device.id : device.file.string());
  const json& s = section_of(device, at);
  const json& m = hw::require_member(s, at["inference"], "models", "an object of models");
  hw::require_object(m, at["inference"]["models"]);
  std::vector<std::string> out;
  for (auto it = m.begin(); it != m.end(); ++it) out.push_back(it.key());
  return out;
}

PerfModel::PerfModel(const hw::DeviceModel& device, const std::string& model_name)
    : device_(&device), model_(model_name) {
  hw::JsonAt root(device.file.empty() ? device.id : device.file.string());
  dev_ = section_of(device, root);
  const hw::JsonAt at = root["inference"];
  kind_ = hw::require_string(dev_, at, "kind");
  if (kind_ != "jetson-dvfs" && kind_ != "power-limit")
    at["kind"].fail("\"jetson-dvfs\" or \"power-limit\"", dev_.at("kind"));
  const json& bs = hw::require_array(dev_, at, "batch_sizes", false);
  for (std::size_t i = 0; i < bs.size(); ++i) {
    if (!bs[i].is_number_integer() || bs[i].get<int>() < 1 || (i && bs[i].get<int>() <= bs[i - 1].get<int>()))
      at["batch_sizes"][i].fail("increasing integers >= 1", bs[i]);
    batch_sizes_.push_back(bs[i].get<int>());
  }
  const json& noise = hw::require_member(dev_, at, "noise", "an object {latency_cv, power_cv}");
  hw::require_object(noise, at["noise"]);
  latency_cv_ = fraction(noise, at["noise"], "latency_cv");
  power_cv_ = fraction(noise, at["noise"], "power_cv");
  if (dev_.contains("finetune_contention")) contention_ = fraction(dev_, at, "finetune_contention");
  const json& models = hw::require_member(dev_, at, "models", "an object of models");
  hw::require_object(models, at["models"]);
  if (!models.contains(model_name)) {
    std::string names;
    for (auto it = models.begin(); it != models.end(); ++it) names += (names.empty() ? "" : ", ") + it.key();
    at["models"].fail("a model named '" + model_name + "' (this device has: " + names + ")");
  }
  mod_ = models.at(model_name);
  const hw::JsonAt m = at["models"][model_name];
  hw::require_object(mod_, m);
  hw::require_string(mod_, m, "source");
  positive(mod_, m, "slo_ms");
  positive(mod_, m, "rate_rps");
  positive(mod_, m, "launch_ms", true);
  positive(mod_, m, "batch_half", true);
  positive(mod_, m, "finetune_step_factor");
  if (kind_ == "jetson-dvfs") {
    for (const char* k : {"cpu_freq", "gpu_min_freq", "gpu_max_freq", "emc_freq"})
      if (!device.find_knob(k))
        root["knobs"].fail(std::string("a knob named ") + k + " for a jetson-dvfs model");
    positive(dev_, at, "base_w");
    for (const char* part : {"gpu", "emc", "cpu"}) {
      const json& p = hw::require_member(dev_, at, part, "an object");
      hw::require_object(p, at[part]);
    }
    const json& g = dev_["gpu"];
    positive(g, at["gpu"], "fp16_gflops_at_max");
    positive(g, at["gpu"], "dyn_w_at_max");
    positive(g, at["gpu"], "clock_w_at_max");
    positive(g, at["gpu"], "v_at_min");
    positive(g, at["gpu"], "v_at_max");
    fraction(g, at["gpu"], "governor_lag");
    const json& e = dev_["emc"];
    positive(e, at["emc"], "bandwidth_gbs_at_max");
    positive(e, at["emc"], "busy_w_at_max");
    positive(e, at["emc"], "idle_w_at_max");
    const json& c = dev_["cpu"];
    positive(c, at["cpu"], "dyn_w_at_max");
    positive(c, at["cpu"], "static_w", true);
    positive(c, at["cpu"], "v_at_min");
    positive(c, at["cpu"], "v_at_max");
    positive(mod_, m, "gflops");
    positive(mod_, m, "weights_mb");
    positive(mod_, m, "activations_mb_per_sample", true);
    fraction(mod_, m, "compute_efficiency");
    fraction(mod_, m, "memory_efficiency");
    positive(mod_, m, "cpu_ms_at_max");
  } else {
    const hw::Knob* pl = device.find_knob("power_limit");
    if (!pl) root["knobs"].fail("a knob named power_limit for a power-limit model");
    positive(dev_, at, "idle_w");
    const auto limits = numbers(mod_, m, "power_limits_w", pl->levels.size());
    for (std::size_t i = 0; i < limits.size(); ++i)
      if (std::abs(limits[i] - pl->levels[i]) > 1e-9 * pl->levels[i])
        m["power_limits_w"][i].fail("the power_limit knob's level " + std::to_string(pl->levels[i]),
                                    limits[i]);
    numbers(mod_, m, "time_factor", pl->levels.size());
    numbers(mod_, m, "power_w", pl->levels.size());
    positive(mod_, m, "infer_ms_per_sample");
    positive(mod_, m, "cpu_ms", true);
  }
}

Workload PerfModel::default_workload() const {
  return {model_, mod_["slo_ms"].get<double>(), mod_["rate_rps"].get<double>()};
}

double PerfModel::knob(const HwConfig& c, const std::string& name) const {
  const auto it = c.knobs.find(name);
  if (it != c.knobs.end()) return it->second;
  const hw::Knob* k = device_->find_knob(name);
  return k ? k->default_value : 0.0;
}

double PerfModel::volt(double f, double f_lo, double f_hi, double v_lo, double v_hi) const {
  if (f_hi <= f_lo) return v_hi;
  return v_lo + (v_hi - v_lo) * std::clamp((f - f_lo) / (f_hi - f_lo), 0.0, 1.0);
}

double PerfModel::cpu_ms(double cpu_mhz) const {
  if (kind_ != "jetson-dvfs") return mod_["cpu_ms"].get<double>();
  const hw::Knob* k = device_->find_knob("cpu_freq");
  return mod_["cpu_ms_at_max"].get<double>() * k->levels.back() / cpu_mhz;
}

double PerfModel::cpu_energy_j(double cpu_mhz) const {
  if (kind_ != "jetson-dvfs") return 0.0;
  const hw::Knob* k = device_->find_knob("cpu_freq");
  const json& c = dev_["cpu"];
  const double top = k->levels.back();
  const double v = volt(cpu_mhz, k->levels.front(), top, c["v_at_min"], c["v_at_max"]);
  const double vt = c["v_at_max"].get<double>();
  const double w =
      c["static_w"].get<double>() + c["dyn_w_at_max"].get<double>() * (cpu_mhz / top) * (v * v) / (vt * vt);
  return w * cpu_ms(cpu_mhz) / 1000.0;
}

void PerfModel::batch_time_and_power(const HwConfig& c, int b, double& ms, double& busy_w,
                                     double& idle_w) const {
  const double bh = mod_["batch_half"].get<double>();
  const double launch = mod_["launch_ms"].get<double>();
  if (kind_ == "power-limit") {
    const hw::Knob* pl = device_->find_knob("power_limit");
    const std::size_t i = pl->level_index(knob(c, "power_limit")).value_or(pl->levels.size() - 1);
    const double tf = mod_["time_factor"][i].get<double>();
    const double pw = mod_["power_w"][i].get<double>();
    const double idle = dev_["idle_w"].get<double>();
    ms = launch + mod_["infer_ms_per_sample"].get<double>() * (b + bh) * tf;
    busy_w = std::min(pl->levels[i], idle + (pw - idle) * b / (b + bh));
    idle_w = idle;
    return;
  }
  const hw::Knob* gk = device_->find_knob("gpu_max_freq");
  const hw::Knob* ek = device_->find_knob("emc_freq");
  const json& g = dev_["gpu"];
  const json& e = dev_["emc"];
  const double f_top = gk->levels.back(), f_lo = gk->levels.front(), e_top = ek->levels.back();
  const double fmin = knob(c, "gpu_min_freq"), fmax = std::max(knob(c, "gpu_max_freq"), fmin);
  const double emc = knob(c, "emc_freq");
  // The devfreq governor starts each burst at the floor and ramps to the cap: the effective
  // frequency sits a fraction `governor_lag` of the way down from the cap to the floor.
  const double f_eff = fmax - g["governor_lag"].get<double>() * (fmax - fmin);
  const double tc =
      mod_["gflops"].get<double>() * (b + bh) /
      (g["fp16_gflops_at_max"].get<double>() * mod_["compute_efficiency"].get<double>() * f_eff / f_top) *
      1000.0;
  const double tm =
      (mod_["weights_mb"].get<double>() + b * mod_["activations_mb_per_sample"].get<double>()) /
      (e["bandwidth_gbs_at_max"].get<double>() * emc / e_top * mod_["memory_efficiency"].get<double>());
  ms = launch + std::max(tc, tm) + 0.5 * std::min(tc, tm);  // compute and memory traffic overlap half-way
  const double vt = g["v_at_max"].get<double>();
  auto clock_w = [&](double f) {
    const double v = volt(f, f_lo, f_top, g["v_at_min"], g["v_at_max"]);
    return g["clock_w_at_max"].get<double>() * (f / f_top) * v * v / (vt * vt);
  };
  const double v_eff = volt(f_eff, f_lo, f_top, g["v_at_min"], g["v_at_max"]);
  const double gpu_dyn =
      g["dyn_w_at_max"].get<double>() * (f_eff / f_top) * v_eff * v_eff / (vt * vt) * (tc / ms);
  const double emc_idle = e["idle_w_at_max"].get<double>() * emc / e_top;
  const double emc_busy = emc_idle + e["busy_w_at_max"].get<double>() * emc / e_top * (tm / ms);
  const double base = dev_["base_w"].get<double>();
  busy_w = base + clock_w(f_eff) + gpu_dyn + emc_busy;
  idle_w = base + clock_w(fmin) + emc_idle;  // between batches the GPU drops to its floor
}

double PerfModel::finetune_step_ms(const HwConfig& c, int batch) const {
  double ms = 0, bw = 0, iw = 0;
  batch_time_and_power(c, batch, ms, bw, iw);
  return mod_["finetune_step_factor"].get<double>() * ms;
}

PerfResult PerfModel::truth(const HwConfig& c, const Workload& w) const {
  PerfResult r;
  double idle_w = 0;
  batch_time_and_power(c, c.batch, r.batch_ms, r.busy_power_w, idle_w);
  const double cpu_mhz = kind_ == "jetson-dvfs" ? knob(c, "cpu_freq") : 0.0;
  const double cpu = cpu_ms(cpu_mhz);
  const double period_ms = c.batch / w.rate_rps * 1000.0;  // a batch of `batch` requests arrives this often
  const double fill_ms = (c.batch - 1) / w.rate_rps * 1000.0;
  r.throughput_rps = c.batch / r.batch_ms * 1000.0;
  r.stable = r.batch_ms < period_ms;
  double backlog_ms = 0;
  if (r.stable) {
    r.energy_j = (r.busy_power_w * r.batch_ms + idle_w * (period_ms - r.batch_ms)) / 1000.0 / c.batch;
  } else {
    r.energy_j = r.busy_power_w * r.batch_ms / 1000.0 / c.batch;
    // The queue grows for the whole 60 s measurement window.
    backlog_ms = (w.rate_rps - r.throughput_rps) * 60.0 / r.throughput_rps * 1000.0;
  }
  r.energy_j += cpu_energy_j(cpu_mhz);
  r.latency_p50_ms = cpu + r.batch_ms + 0.5 * fill_ms + 0.5 * backlog_ms;
  r.latency_p99_ms = cpu + r.batch_ms + 0.99 * fill_ms + 0.99 * backlog_ms;
  return r;
}

PerfResult PerfModel::measure(const HwConfig& c, const Workload& w, std::mt19937_64& rng,
                              int requests) const {
  PerfResult r = truth(c, w);
  const double sigma = std::sqrt(std::log(1.0 + latency_cv_ * latency_cv_));
  std::lognormal_distribution<double> noise(-0.5 * sigma * sigma, sigma);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> pn(1.0, power_cv_);
  const double cpu = cpu_ms(kind_ == "jetson-dvfs" ? knob(c, "cpu_freq") : 0.0);
  const double fill_ms = (c.batch - 1) / w.rate_rps * 1000.0;
  const double backlog_ms = r.stable ? 0.0 : 2 * (r.latency_p50_ms - cpu - r.batch_ms - 0.5 * fill_ms);
  std::vector<double> lat(static_cast<std::size_t>(requests));
  double batch_sum = 0;
  for (auto& l : lat) {
    const double batch = r.batch_ms * noise(rng);
    batch_sum += batch;
    l = cpu * noise(rng) + batch + u(rng) * (fill_ms + backlog_ms);
  }
  // What the device sustains, from the measured batch times.
  r.batch_ms = batch_sum / static_cast<double>(requests);
  r.throughput_rps = c.batch / r.batch_ms * 1000.0;
  std::sort(lat.begin(), lat.end());
  auto q = [&](double p) {
    return lat[static_cast<std::size_t>(std::min<double>(lat.size() - 1, p * lat.size()))];
  };
  r.latency_p50_ms = q(0.5);
  r.latency_p99_ms = q(0.99);
  r.energy_j *= std::max(0.5, pn(rng));
  return r;
}

}  // namespace plab::energy
