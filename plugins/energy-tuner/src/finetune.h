#pragma once
// Fine-tuning that time-shares the GPU with inference (Jetsons have no MPS/MIG), following
// PolyThrottle: a predictor, fitted on profiled co-located runs, estimates the inference latency
// while fine-tuning runs, and fine-tuning work is scheduled only where that prediction stays
// within the SLO.

#include <array>
#include <limits>
#include <random>
#include <vector>

#include "plugins/energy-tuner/src/perf_model.h"

namespace plab::energy {

/// A periodic fine-tuning request: `samples` samples in steps of `batch`, due every `period_s`.
struct FinetuneSpec {
  double period_s = 0;  // 0: no fine-tuning
  int samples = 0;
  int batch = 8;
  bool enabled() const { return period_s > 0 && samples > 0; }
  int steps() const { return (samples + batch - 1) / batch; }
};

/// Ground truth of co-location: the GPU time-slices between an inference batch of `batch_ms` and
/// the fine-tuning step of `chunk_ms` in progress when it arrives, so the batch finishes after
/// batch_ms + min(chunk_ms, batch_ms) plus memory contention `contention` x batch_ms.
double colocated_batch_ms(double batch_ms, double chunk_ms, double contention);

/// Linear model of the co-located batch time from isolated measurements:
/// features (1, batch_ms, min(chunk_ms, batch_ms)), fitted by least squares.
class InterferencePredictor {
 public:
  void add_profile(double batch_ms, double chunk_ms, double measured_colocated_ms);
  /// Fits the weights; needs at least 3 profiles (otherwise predicts batch_ms + chunk overlap).
  void fit();
  double predict(double batch_ms, double chunk_ms) const;
  /// Mean absolute error on the profiles it was fitted on (ms).
  double training_mae_ms() const { return mae_; }
  std::size_t profiles() const { return rows_.size(); }

 private:
  std::vector<std::array<double, 4>> rows_;  // features then target
  std::array<double, 3> w_{0.0, 1.0, 1.0};
  double mae_ = 0;
};

/// How fine-tuning runs at one configuration.
struct FinetuneOutcome {
  int micro_batch = 0;  // samples per fine-tuning step chosen; 0 = deferred (none fits the SLO)
  double predicted_p99_ms = 0;
  double p99_ms = 0;  // true (or measured) inference p99 while fine-tuning runs
  double completion_s = std::numeric_limits<double>::infinity();
  double energy_j = 0;  // of one fine-tuning request
};

/// Picks the largest fine-tuning micro-batch (ft.batch, halved down to 1) whose step keeps the
/// predicted inference p99 within the SLO; fine-tuning then uses the GPU time inference leaves
/// free. Evaluates the choice (truth when rng is null, else measured). Deferred when none fits or
/// inference leaves no GPU time.
FinetuneOutcome schedule_finetune(const PerfModel& model, const HwConfig& c, const Workload& w,
                                  const FinetuneSpec& ft, const PerfResult& alone,
                                  const InterferencePredictor& predictor, double contention,
                                  std::mt19937_64* rng);

}  // namespace plab::energy
