#include "core/opt/optimizer.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/opt/constrained_bo.h"

namespace plab::opt {

Optimizer::Optimizer(const Eigen::MatrixXd& candidates, OptimizerOptions options)
    : candidates_(candidates),
      options_(options),
      evaluated_(static_cast<std::size_t>(candidates.rows()), false) {
  if (candidates.rows() == 0) throw std::invalid_argument("optimizer: the candidate set is empty");
}

void Optimizer::tell(std::size_t candidate, const Observation& obs) {
  if (candidate >= evaluated_.size()) throw std::invalid_argument("optimizer: candidate index out of range");
  evaluated_[candidate] = true;
  told_.emplace_back(candidate, obs);
  if (obs.feasible() && (!best_ || obs.objective < best_value_)) {
    best_ = candidate;
    best_value_ = obs.objective;
    since_improvement_ = 0;
  } else {
    ++since_improvement_;
  }
}

bool Optimizer::should_stop() {
  if (told_.size() >= options_.budget) {
    stop_reason_ = "budget";
    return true;
  }
  if (told_.size() >= evaluated_.size()) {
    stop_reason_ = "exhausted";
    return true;
  }
  if (options_.patience > 0 && best_ && since_improvement_ >= options_.patience) {
    stop_reason_ = "patience";
    return true;
  }
  return false;
}

RandomSearch::RandomSearch(const Eigen::MatrixXd& candidates, OptimizerOptions options)
    : Optimizer(candidates, options), order_(static_cast<std::size_t>(candidates.rows())) {
  std::iota(order_.begin(), order_.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::shuffle(order_.begin(), order_.end(), rng);
}

std::optional<std::size_t> RandomSearch::ask() {
  if (should_stop()) return std::nullopt;
  while (next_ < order_.size() && evaluated_[order_[next_]]) ++next_;
  if (next_ >= order_.size()) return std::nullopt;
  return order_[next_];
}

GridSearch::GridSearch(const Eigen::MatrixXd& candidates, OptimizerOptions options)
    : Optimizer(candidates, options) {}

std::optional<std::size_t> GridSearch::ask() {
  if (should_stop()) return std::nullopt;
  while (next_ < evaluated_.size() && evaluated_[next_]) ++next_;
  if (next_ >= evaluated_.size()) return std::nullopt;
  return next_;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& kind, const Eigen::MatrixXd& candidates,
                                          const OptimizerOptions& options) {
  if (kind == "bo") return std::make_unique<ConstrainedBo>(candidates, options);
  if (kind == "random") return std::make_unique<RandomSearch>(candidates, options);
  if (kind == "grid") return std::make_unique<GridSearch>(candidates, options);
  throw std::invalid_argument("optimizer: unknown kind '" + kind + "' (expected bo, random or grid)");
}

}  // namespace plab::opt
