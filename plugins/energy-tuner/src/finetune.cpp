#include "plugins/energy-tuner/src/finetune.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace plab::energy {

double colocated_batch_ms(double batch_ms, double chunk_ms, double contention) {
  if (chunk_ms <= 0) return batch_ms;
  return batch_ms + std::min(chunk_ms, batch_ms) + contention * batch_ms;
}

void InterferencePredictor::add_profile(double batch_ms, double chunk_ms, double measured) {
  rows_.push_back({1.0, batch_ms, std::min(chunk_ms, batch_ms), measured});
}

void InterferencePredictor::fit() {
  if (rows_.size() < 3) return;
  Eigen::MatrixXd A(static_cast<Eigen::Index>(rows_.size()), 3);
  Eigen::VectorXd b(A.rows());
  for (Eigen::Index i = 0; i < A.rows(); ++i) {
    for (int j = 0; j < 3; ++j) A(i, j) = rows_[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    b(i) = rows_[static_cast<std::size_t>(i)][3];
  }
  const Eigen::VectorXd x = A.colPivHouseholderQr().solve(b);
  for (int j = 0; j < 3; ++j) w_[static_cast<std::size_t>(j)] = x(j);
  mae_ = (A * x - b).cwiseAbs().mean();
}

double InterferencePredictor::predict(double batch_ms, double chunk_ms) const {
  return w_[0] + w_[1] * batch_ms + w_[2] * std::min(chunk_ms, batch_ms);
}

FinetuneOutcome schedule_finetune(const PerfModel& model, const HwConfig& c, const Workload& w,
                                  const FinetuneSpec& ft, const PerfResult& alone,
                                  const InterferencePredictor& predictor, double contention,
                                  std::mt19937_64* rng) {
  FinetuneOutcome out;
  out.p99_ms = alone.latency_p99_ms;
  out.predicted_p99_ms = alone.latency_p99_ms;
  if (!ft.enabled() || !alone.stable) return out;
  const double period_ms = c.batch / w.rate_rps * 1000.0;
  const double free_share =
      (period_ms - alone.batch_ms * (1 + contention)) / period_ms;  // GPU time left over
  if (free_share <= 0) return out;
  const double extra_p99 = alone.latency_p99_ms - alone.batch_ms;  // CPU stage and batch filling
  for (int m = ft.batch; m >= 1; m /= 2) {
    const double step_ms = model.finetune_step_ms(c, m);
    const double predicted = extra_p99 + predictor.predict(alone.batch_ms, step_ms);
    if (predicted > w.slo_ms) continue;
    out.micro_batch = m;
    out.predicted_p99_ms = predicted;
    double colocated = colocated_batch_ms(alone.batch_ms, step_ms, contention);
    if (rng) {
      std::normal_distribution<double> n(1.0, 0.03);
      colocated *= std::max(0.5, n(*rng));
    }
    out.p99_ms = extra_p99 + colocated;
    const double steps = std::ceil(static_cast<double>(ft.samples) / m);
    out.completion_s = steps * step_ms / free_share / 1000.0;
    out.energy_j = steps * step_ms / 1000.0 * alone.busy_power_w;
    break;
  }
  return out;
}

}  // namespace plab::energy
