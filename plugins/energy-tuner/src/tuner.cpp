#include "plugins/energy-tuner/src/tuner.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/util/error.h"

namespace plab::energy {
namespace {

constexpr double kCpuShareOfSlo = 0.25;  // pre-processing may take at most this share of the SLO
const double kConstraintClip = std::log(3.0);

double ft_p99(const PerfResult& r, const FinetuneOutcome& ft) {
  return std::max(r.latency_p99_ms, ft.p99_ms);
}

bool feasible(const PerfResult& r, const FinetuneOutcome& ft, const Workload& w, const FinetuneSpec& spec) {
  if (!r.stable || ft_p99(r, ft) > w.slo_ms) return false;
  return !spec.enabled() || ft.completion_s <= spec.period_s;
}

}  // namespace

opt::Observation to_observation(const Evaluation& e, const Workload& w, const FinetuneSpec& ft,
                                bool measured) {
  const PerfResult& r = measured ? e.measured : e.truth;
  const FinetuneOutcome& f = measured ? e.ft : e.ft_truth;
  opt::Observation o;
  o.objective = std::log(r.energy_j);
  // Two measured constraints instead of one: the load the device carries (request rate over the
  // throughput it sustains, <= 1 when it keeps up) and, where it keeps up, the p99 latency against
  // the SLO. An overloaded device's latency only says how long the measurement ran (its queue
  // grows without bound), and that cliff would force the latency GP to short length scales
  // everywhere; so it is left out (NaN: not observed) of the latency model, and the smooth load
  // constraint marks the overloaded region instead. Feasible = both hold, as before.
  const double load = std::log(w.rate_rps / r.throughput_rps);
  o.constraints.push_back(load < 0 ? std::log(ft_p99(r, f) / w.slo_ms) : std::numeric_limits<double>::quiet_NaN());
  o.constraints.push_back(load);
  if (ft.enabled()) {
    // A deferred fine-tuning job never finishes: count it as ten periods late (finite for the GP).
    const double completion = std::isfinite(f.completion_s) ? f.completion_s : 10 * ft.period_s;
    o.constraints.push_back(std::min(std::log(completion / ft.period_s), kConstraintClip));
  }
  return o;
}

EnergyTuner::EnergyTuner(const hw::DeviceModel& device, const std::string& model, TunerOptions options)
    : device_(&device), model_(device, model), options_(std::move(options)) {
  workload_ = model_.default_workload();
  if (options_.workload.slo_ms > 0) workload_.slo_ms = options_.workload.slo_ms;
  if (options_.workload.rate_rps > 0) workload_.rate_rps = options_.workload.rate_rps;
  if (options_.batch > 0 && std::find(model_.batch_sizes().begin(), model_.batch_sizes().end(),
                                      options_.batch) == model_.batch_sizes().end())
    throw InputError("batch_size: expected 0 (tuned) or one of the batch sizes of " + device.id + " (got " +
                     std::to_string(options_.batch) + ")");
  std::mt19937_64 rng(options_.seed ^ 0x9e3779b97f4a7c15ULL);
  if (options_.finetune.enabled()) profile_interference(rng);
}

HwConfig EnergyTuner::default_config(int batch) const {
  HwConfig c;
  for (const auto& k : device_->knobs) c.knobs[k.name] = k.default_value;
  c.batch = batch;
  return c;
}

namespace {

template <class T>
std::string join(const std::vector<T>& v) {
  std::ostringstream s;
  for (std::size_t i = 0; i < v.size(); ++i) s << (i ? ", " : "") << v[i];
  return s.str();
}

}  // namespace

HwConfig EnergyTuner::config_from_json(const nlohmann::json& j) const {
  if (!j.is_object()) throw InputError("config: expected a JSON object of knob values and batch_size");
  HwConfig c = default_config(options_.batch > 0 ? options_.batch : model_.batch_sizes().front());
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "batch_size") {
      if (!it.value().is_number_integer())
        throw InputError("config.batch_size: expected an integer, one of " + join(model_.batch_sizes()) +
                         " (got " + it.value().dump() + ")");
      c.batch = it.value().get<int>();
      continue;
    }
    const hw::Knob* k = device_->find_knob(it.key());
    if (!k) {
      std::vector<std::string> names;
      for (const auto& kn : device_->knobs) names.push_back(kn.name);
      throw InputError("config." + it.key() + ": not a knob of " + device_->id + " (expected one of " +
                       join(names) + ", batch_size)");
    }
    if (!it.value().is_number())
      throw InputError("config." + it.key() + ": expected a number, one of " + join(k->levels) + " " + k->unit +
                       " (got " + it.value().dump() + ")");
    if (!k->level_index(it.value().get<double>()))
      throw InputError("config." + it.key() + ": expected one of " + join(k->levels) + " " + k->unit +
                       " (got " + it.value().dump() + ")");
    c.knobs[it.key()] = it.value().get<double>();
  }
  return c;
}

Evaluation EnergyTuner::evaluate(const HwConfig& c, std::mt19937_64& rng) const {
  const auto& bs = model_.batch_sizes();
  if (std::find(bs.begin(), bs.end(), c.batch) == bs.end())
    throw InputError("config.batch_size: expected one of " + join(bs) + " (got " + std::to_string(c.batch) + ")");
  if (model_.kind() == "jetson-dvfs" && c.knobs.at("gpu_min_freq") > c.knobs.at("gpu_max_freq"))
    throw InputError("config.gpu_min_freq: expected at most gpu_max_freq (got " +
                     nlohmann::json(c.knobs.at("gpu_min_freq")).dump() + " > " +
                     nlohmann::json(c.knobs.at("gpu_max_freq")).dump() + ")");
  Evaluation e;
  e.config = c;
  e.truth = model_.truth(c, workload_);
  e.measured = model_.measure(c, workload_, rng);
  const FinetuneSpec& ft = options_.finetune;
  e.ft_truth = schedule_finetune(model_, c, workload_, ft, e.truth, predictor_, model_.contention(), nullptr);
  e.ft = schedule_finetune(model_, c, workload_, ft, e.measured, predictor_, model_.contention(), &rng);
  e.feasible = feasible(e.measured, e.ft, workload_, ft);
  e.true_feasible = feasible(e.truth, e.ft_truth, workload_, ft);
  return e;
}

void EnergyTuner::profile_interference(std::mt19937_64& rng) {
  // Offline profiling: co-located runs at random configurations and chunk sizes, measured with
  // noise; the predictor learns the co-located batch time from isolated measurements.
  SearchSpace space(*device_, model_, options_.batch, default_config(1));
  std::uniform_int_distribution<std::size_t> pick(0, space.size() - 1);
  std::uniform_int_distribution<int> micro(1, std::max(1, options_.finetune.batch));
  std::normal_distribution<double> noise(1.0, 0.03);
  for (int i = 0; i < 16; ++i) {
    const HwConfig& c = space.configs()[pick(rng)];
    const double batch_ms = model_.measure(c, workload_, rng).batch_ms;
    const double chunk = model_.finetune_step_ms(c, micro(rng));
    predictor_.add_profile(batch_ms, chunk,
                           colocated_batch_ms(batch_ms, chunk, model_.contention()) * noise(rng));
  }
  predictor_.fit();
}

double EnergyTuner::choose_cpu(std::mt19937_64& rng, TuningResult& r,
                               const std::function<void(const Evaluation&, std::size_t)>& cb) {
  const hw::Knob* k = device_->find_knob("cpu_freq");
  if (!k || model_.kind() != "jetson-dvfs") return 0.0;
  if (!options_.tune_cpu) return k->default_value;
  // Phase 1: the CPU stage alone (pre-processing), every level measured once. It must keep up
  // with the request rate and take at most a quarter of the SLO; among those, least energy.
  const double limit_ms = std::min(1000.0 / workload_.rate_rps, kCpuShareOfSlo * workload_.slo_ms);
  std::normal_distribution<double> noise(1.0, 0.03);
  double best = k->default_value, best_e = std::numeric_limits<double>::infinity();
  for (double f : k->levels) {
    Evaluation e;
    e.config.knobs["cpu_freq"] = f;
    e.label = "cpu";
    e.truth.latency_p50_ms = e.truth.latency_p99_ms = model_.cpu_ms(f);
    e.truth.energy_j = model_.cpu_energy_j(f);
    e.truth.throughput_rps = 1000.0 / e.truth.latency_p50_ms;
    e.measured = e.truth;
    e.measured.latency_p99_ms *= std::max(0.5, noise(rng));
    e.measured.latency_p50_ms = e.measured.latency_p99_ms;
    e.measured.energy_j *= std::max(0.5, noise(rng));
    e.feasible = e.measured.latency_p99_ms <= limit_ms;
    e.true_feasible = e.truth.latency_p99_ms <= limit_ms;
    if (e.feasible && e.measured.energy_j < best_e) {
      best_e = e.measured.energy_j;
      best = f;
    }
    r.cpu_sweep.push_back(e);
    if (cb) cb(e, r.cpu_sweep.size() - 1);
  }
  return best;
}

TuningResult EnergyTuner::run(const std::function<void(const Evaluation&, std::size_t)>& on_eval,
                              const std::function<bool()>& cancelled) {
  TuningResult r;
  r.predictor_mae_ms = predictor_.training_mae_ms();
  std::mt19937_64 rng(options_.seed);
  r.cpu_freq = choose_cpu(rng, r, on_eval);
  HwConfig fixed;
  if (r.cpu_freq > 0) fixed.knobs["cpu_freq"] = r.cpu_freq;
  SearchSpace space(*device_, model_, options_.batch, fixed);
  r.grid_size = space.size();

  // Ground truth over the whole grid: the exhaustive optimum the paper compares against.
  std::vector<double> true_energy(space.size(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < space.size(); ++i) {
    const HwConfig& c = space.configs()[i];
    const PerfResult t = model_.truth(c, workload_);
    const FinetuneOutcome f = schedule_finetune(model_, c, workload_, options_.finetune, t, predictor_,
                                                model_.contention(), nullptr);
    if (feasible(t, f, workload_, options_.finetune)) {
      true_energy[i] = t.energy_j;
      if (!r.optimum_energy_j || t.energy_j < *r.optimum_energy_j) r.optimum_energy_j = t.energy_j;
    }
  }

  const std::size_t offset = r.cpu_sweep.size();
  auto record = [&](std::size_t idx, Evaluation e) {
    r.evaluations.push_back(std::move(e));
    const Evaluation& ev = r.evaluations.back();
    if (ev.feasible && (!r.best || ev.measured.energy_j < r.evaluations[*r.best].measured.energy_j))
      r.best = r.evaluations.size() - 1;
    if (r.optimum_energy_j && !r.evals_to_within_5pct && true_energy[idx] <= 1.05 * *r.optimum_energy_j)
      r.evals_to_within_5pct = r.evaluations.size();
    if (on_eval) on_eval(ev, offset + r.evaluations.size() - 1);
  };

  if (options_.optimiser == "default") {
    const HwConfig c = default_config(options_.batch > 0 ? options_.batch : model_.batch_sizes().front());
    Evaluation e = evaluate(c, rng);
    e.label = "default";
    record(*space.find(c), std::move(e));
  } else {
    opt::OptimizerOptions oo;
    oo.budget = options_.budget;
    oo.initial_points = options_.initial_points;
    oo.patience = options_.patience;
    oo.ei_stop = options_.ei_stop;
    oo.seed = options_.seed;
    auto optimizer = opt::make_optimizer(options_.optimiser, space.encoded(), oo);
    while (auto idx = optimizer->ask()) {
      if (cancelled && cancelled()) break;
      Evaluation e = evaluate(space.configs()[*idx], rng);
      optimizer->tell(*idx, to_observation(e, workload_, options_.finetune, true));
      record(*idx, std::move(e));
    }
    r.stop_reason = optimizer->stop_reason();
  }

  // The baseline: every knob at its default (maximum performance), at the best batch size.
  const int batch = r.best ? r.evaluations[*r.best].config.batch
                           : (options_.batch > 0 ? options_.batch : model_.batch_sizes().front());
  r.default_config = evaluate(default_config(batch), rng);
  r.default_config.label = "default";
  return r;
}

}  // namespace plab::energy
