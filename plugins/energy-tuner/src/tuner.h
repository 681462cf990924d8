#pragma once
// PolyThrottle's two-phase tuning on a simulated device: the CPU frequency on its own (it only
// paces pre-processing, pipelined ahead of the GPU), then GPU min/max, EMC frequency and batch
// size (or the power limit and batch size) by an optimiser from core/opt, each evaluation a
// measurement; fine-tuning scheduled beside inference where the predicted latency allows.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/hw/device_model.h"
#include "core/opt/optimizer.h"
#include "plugins/energy-tuner/src/finetune.h"
#include "plugins/energy-tuner/src/perf_model.h"
#include "plugins/energy-tuner/src/search_space.h"

namespace plab::energy {

/// How a tuning run is set up (the module's parameters).
struct TunerOptions {
  std::string optimiser = "bo";  // bo | random | grid | default
  std::size_t budget = 30;
  std::size_t initial_points = 6;
  std::size_t patience = 0;
  double ei_stop = 0;  // bo: stop when the best constrained EI (in log-energy units) falls below; 0: off
  int batch = 0;       // 0: tuned
  bool tune_cpu = true;
  Workload workload;  // slo_ms / rate_rps 0: the model's defaults
  FinetuneSpec finetune;
  std::uint64_t seed = 1;
};

/// One evaluated configuration: what was measured, and the model's noise-free truth.
struct Evaluation {
  HwConfig config;
  PerfResult measured, truth;
  FinetuneOutcome ft, ft_truth;
  bool feasible = false, true_feasible = false;
  std::string label;
};

/// Everything a tuning run found.
struct TuningResult {
  std::vector<Evaluation> cpu_sweep;  // phase 1 (Jetsons)
  double cpu_freq = 0;                // chosen CPU frequency (0 when the device has none)
  std::vector<Evaluation> evaluations;
  std::optional<std::size_t> best;         // index into evaluations: lowest measured feasible energy
  Evaluation default_config;               // the device's default (maximum-performance) configuration
  std::optional<double> optimum_energy_j;  // exhaustive true feasible optimum of the grid
  std::optional<std::size_t> evals_to_within_5pct;  // evaluations until one was within 5% of it
  std::size_t grid_size = 0;
  std::string stop_reason;
  double predictor_mae_ms = 0;
};

/// Runs the tuner for one device and model. Not thread-safe.
class EnergyTuner {
 public:
  EnergyTuner(const hw::DeviceModel& device, const std::string& model, TunerOptions options);

  const Workload& workload() const { return workload_; }
  const PerfModel& model() const { return model_; }

  /// Measures (noisy) and computes the truth of one configuration. Throws InputError when a knob
  /// value is not one of its levels or the batch size not one of the model's.
  Evaluation evaluate(const HwConfig& c, std::mt19937_64& rng) const;
  /// Parses {"gpu_max_freq": 624.75, ..., "batch_size": 4}; missing knobs take the device default.
  HwConfig config_from_json(const nlohmann::json& j) const;
  /// The default configuration at batch size `batch`.
  HwConfig default_config(int batch) const;

  /// The whole run; `on_eval` sees every evaluation (CPU sweep first) as it happens.
  TuningResult run(const std::function<void(const Evaluation&, std::size_t index)>& on_eval = {},
                   const std::function<bool()>& cancelled = {});

 private:
  void profile_interference(std::mt19937_64& rng);
  double choose_cpu(std::mt19937_64& rng, TuningResult& r,
                    const std::function<void(const Evaluation&, std::size_t)>& cb);

  const hw::DeviceModel* device_;
  PerfModel model_;
  TunerOptions options_;
  Workload workload_;
  InterferencePredictor predictor_;
};

/// Objective and constraints as the optimisers see them: log energy; log(p99 / SLO) where the
/// device keeps up (NaN, not observed, where it does not); log(request rate / sustained
/// throughput); with fine-tuning, log(completion / period). Each holds when <= 0.
opt::Observation to_observation(const Evaluation& e, const Workload& w, const FinetuneSpec& ft,
                                bool measured);

}  // namespace plab::energy
