#pragma once
// Constrained Bayesian optimisation over a finite candidate set: one GP for the objective, one
// per constraint, acquisition = expected improvement x P(every constraint holds) (Gardner et al.
// 2014), maximised by scoring every candidate not yet evaluated; a Latin-hypercube start.

#include <optional>
#include <random>
#include <vector>

#include "core/opt/gp.h"
#include "core/opt/optimizer.h"

namespace plab::opt {

/// Constrained BO. Before any feasible point is known it maximises the probability of
/// feasibility alone. Stops on the budget, patience, or (with ei_stop > 0) when the best
/// constrained EI falls below ei_stop.
class ConstrainedBo final : public Optimizer {
 public:
  ConstrainedBo(const Eigen::MatrixXd& candidates, OptimizerOptions options);
  std::string name() const override { return "bo"; }
  std::optional<std::size_t> ask() override;

  /// The acquisition value of the last candidate ask() chose from the model (0 before).
  double last_acquisition() const { return last_acquisition_; }

  /// Constrained EI of one candidate with the current models (after at least one model ask()).
  double acquisition(std::size_t candidate) const;

  /// The objective's and the constraints' GPs as last fitted (for inspection).
  const GaussianProcess& objective_model() const { return objective_gp_; }
  const std::vector<GaussianProcess>& constraint_models() const { return constraint_gps_; }

 private:
  void refit();

  std::mt19937_64 rng_;
  std::vector<std::size_t> initial_;
  std::size_t initial_next_ = 0;
  GaussianProcess objective_gp_;
  std::vector<GaussianProcess> constraint_gps_;
  std::vector<bool> constraint_seen_;  // a constraint with no finite observation yet has no model
  double incumbent_ = 0;
  bool have_incumbent_ = false;
  double last_acquisition_ = 0;
};

}  // namespace plab::opt
