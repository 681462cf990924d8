#include "core/opt/constrained_bo.h"

#include <cmath>
#include <limits>

#include "core/opt/acquisition.h"
#include "core/opt/design.h"

namespace plab::opt {

ConstrainedBo::ConstrainedBo(const Eigen::MatrixXd& candidates, OptimizerOptions options)
    : Optimizer(candidates, options), rng_(options.seed) {
  const std::size_t n0 = std::min<std::size_t>(std::max<std::size_t>(options.initial_points, 1),
                                               static_cast<std::size_t>(candidates.rows()));
  const Eigen::MatrixXd design = latin_hypercube(n0, static_cast<std::size_t>(candidates.cols()), rng_);
  initial_ = snap_to_candidates(design, candidates, {});
}

void ConstrainedBo::refit() {
  const Eigen::Index n = static_cast<Eigen::Index>(told_.size());
  Eigen::MatrixXd X(n, candidates_.cols());
  Eigen::VectorXd y(n);
  const std::size_t m = told_.front().second.constraints.size();
  std::vector<Eigen::VectorXd> c(m, Eigen::VectorXd(n));
  have_incumbent_ = false;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& [idx, obs] = told_[static_cast<std::size_t>(i)];
    X.row(i) = candidates_.row(static_cast<Eigen::Index>(idx));
    y(i) = obs.objective;
    for (std::size_t k = 0; k < m; ++k) c[k](i) = k < obs.constraints.size() ? obs.constraints[k] : 0.0;
    if (obs.feasible() && (!have_incumbent_ || obs.objective < incumbent_)) {
      incumbent_ = obs.objective;
      have_incumbent_ = true;
    }
  }
  GpFitOptions fo;
  fo.restarts = options_.gp_restarts;
  objective_gp_.fit(X, y, rng_, fo);
  constraint_gps_.resize(m);
  for (std::size_t k = 0; k < m; ++k) constraint_gps_[k].fit(X, c[k], rng_, fo);
}

double ConstrainedBo::acquisition(std::size_t candidate) const {
  const Eigen::VectorXd x = candidates_.row(static_cast<Eigen::Index>(candidate)).transpose();
  double pof = 1.0;
  for (const auto& gp : constraint_gps_) {
    const GpPrediction p = gp.predict(x);
    pof *= probability_feasible(p.mean, std::sqrt(p.variance), 0.0);
  }
  if (!have_incumbent_) return pof;
  const GpPrediction f = objective_gp_.predict(x);
  return expected_improvement(f.mean, std::sqrt(f.variance), incumbent_) * pof;
}

std::optional<std::size_t> ConstrainedBo::ask() {
  if (should_stop()) return std::nullopt;
  while (initial_next_ < initial_.size()) {
    const std::size_t idx = initial_[initial_next_++];
    if (!evaluated_[idx]) return idx;
  }
  if (told_.empty()) return std::nullopt;
  refit();
  double best = -1.0;
  std::size_t pick = evaluated_.size();
  for (std::size_t i = 0; i < evaluated_.size(); ++i) {
    if (evaluated_[i]) continue;
    const double a = acquisition(i);
    if (a > best) {
      best = a;
      pick = i;
    }
  }
  if (pick == evaluated_.size()) {
    stop_reason_ = "exhausted";
    return std::nullopt;
  }
  last_acquisition_ = best;
  if (options_.ei_stop > 0 && have_incumbent_ && best < options_.ei_stop) {
    stop_reason_ = "ei below threshold";
    return std::nullopt;
  }
  return pick;
}

}  // namespace plab::opt
