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
  have_incumbent_ = false;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& [idx, obs] = told_[static_cast<std::size_t>(i)];
    X.row(i) = candidates_.row(static_cast<Eigen::Index>(idx));
    y(i) = obs.objective;
    if (obs.feasible() && (!have_incumbent_ || obs.objective < incumbent_)) {
      incumbent_ = obs.objective;
      have_incumbent_ = true;
    }
  }
  GpFitOptions fo;
  fo.restarts = options_.gp_restarts;
  objective_gp_.fit(X, y, rng_, fo);
  constraint_gps_.resize(m);
  constraint_seen_.assign(m, false);
  for (std::size_t k = 0; k < m; ++k) {
    // Each constraint's GP learns from the evaluations where that constraint was observed (a NaN
    // value: not observable there, e.g. the latency of an overloaded queue).
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto& cs = told_[static_cast<std::size_t>(i)].second.constraints;
      if (k < cs.size() && std::isfinite(cs[k])) rows.push_back(i);
    }
    constraint_seen_[k] = !rows.empty();
    if (rows.empty()) continue;
    Eigen::MatrixXd Xk(static_cast<Eigen::Index>(rows.size()), X.cols());
    Eigen::VectorXd ck(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Xk.row(static_cast<Eigen::Index>(r)) = X.row(rows[r]);
      ck(static_cast<Eigen::Index>(r)) = told_[static_cast<std::size_t>(rows[r])].second.constraints[k];
    }
    constraint_gps_[k].fit(Xk, ck, rng_, fo);
  }
}

double ConstrainedBo::acquisition(std::size_t candidate) const {
  const Eigen::VectorXd x = candidates_.row(static_cast<Eigen::Index>(candidate)).transpose();
  double pof = 1.0;
  for (std::size_t k = 0; k < constraint_gps_.size(); ++k) {
    if (!constraint_seen_[k]) continue;  // never observed yet: no evidence either way
    const GpPrediction p = constraint_gps_[k].predict(x);
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
