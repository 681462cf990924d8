#pragma once
// The ask/tell interface every optimiser follows, over a finite set of candidate configurations
// (discrete and ordinal knobs encoded in [0, 1]^d), and the baselines: random search and
// exhaustive grid.

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace plab::opt {

/// What one evaluation measured: the objective (minimised) and constraint values, each of which
/// holds when <= 0. A NaN constraint value means "not observable here" (it never holds; BO leaves
/// it out of that constraint's model).
struct Observation {
  double objective = 0;
  std::vector<double> constraints;
  bool feasible() const {
    for (double c : constraints)
      if (!(c <= 0)) return false;
    return true;
  }
};

/// Options shared by the optimisers; only ConstrainedBo reads the BO fields.
struct OptimizerOptions {
  std::size_t budget = 40;         // evaluations at most
  std::size_t initial_points = 6;  // space-filling design before the model is used (BO)
  double ei_stop = 0.0;            // BO: stop when max constrained EI < ei_stop (objective units); 0 = off
  std::size_t patience = 0;        // stop after this many evaluations without a better feasible one; 0 = off
  int gp_restarts = 3;             // BO: random starts of the hyper-parameter fit
  std::uint64_t seed = 1;
};

/// An optimiser over candidate rows. ask() returns the index of the next candidate to evaluate
/// (never one already told) or nullopt when it stops; tell() reports its observation. Not
/// thread-safe.
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  virtual std::optional<std::size_t> ask() = 0;
  virtual void tell(std::size_t candidate, const Observation& obs);
  /// Why ask() returned nullopt ("budget", "exhausted", "ei below threshold", "patience").
  const std::string& stop_reason() const { return stop_reason_; }
  std::size_t evaluations() const { return told_.size(); }
  /// Best feasible candidate told so far (lowest objective), if any.
  std::optional<std::size_t> best_feasible() const { return best_; }

 protected:
  Optimizer(const Eigen::MatrixXd& candidates, OptimizerOptions options);
  /// Common stopping checks (budget, all candidates tried, patience); sets stop_reason_.
  bool should_stop();

  Eigen::MatrixXd candidates_;
  OptimizerOptions options_;
  std::vector<bool> evaluated_;
  std::vector<std::pair<std::size_t, Observation>> told_;
  std::optional<std::size_t> best_;
  double best_value_ = 0;
  std::size_t since_improvement_ = 0;
  std::string stop_reason_;
};

/// Uniform random search without replacement.
class RandomSearch final : public Optimizer {
 public:
  RandomSearch(const Eigen::MatrixXd& candidates, OptimizerOptions options);
  std::string name() const override { return "random"; }
  std::optional<std::size_t> ask() override;

 private:
  std::vector<std::size_t> order_;
  std::size_t next_ = 0;
};

/// Exhaustive search: every candidate in order (the budget still applies).
class GridSearch final : public Optimizer {
 public:
  GridSearch(const Eigen::MatrixXd& candidates, OptimizerOptions options);
  std::string name() const override { return "grid"; }
  std::optional<std::size_t> ask() override;

 private:
  std::size_t next_ = 0;
};

/// "bo" (constrained Bayesian optimisation), "random" or "grid". Throws std::invalid_argument
/// for another name or an empty candidate set.
std::unique_ptr<Optimizer> make_optimizer(const std::string& kind, const Eigen::MatrixXd& candidates,
                                          const OptimizerOptions& options);

}  // namespace plab::opt
