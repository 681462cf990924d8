// Optimisers over a candidate grid: constrained BO finds a constrained optimum in few evaluations,
// random and grid search behave as baselines, stopping rules fire.
#include "core/opt/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "core/opt/constrained_bo.h"
#include "core/opt/design.h"

namespace plab::opt {
namespace {

// A 20 x 20 grid on [0,1]^2.
Eigen::MatrixXd grid() {
  Eigen::MatrixXd c(400, 2);
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j) c.row(i * 20 + j) << i / 19.0, j / 19.0;
  return c;
}

// Objective (x - 0.8)^2 + (y - 0.7)^2, constraint x + y <= 1.2: the constrained optimum lies on
// the boundary, away from the unconstrained one.
Observation observe(const Eigen::MatrixXd& c, std::size_t i) {
  const double x = c(static_cast<Eigen::Index>(i), 0), y = c(static_cast<Eigen::Index>(i), 1);
  return {std::pow(x - 0.8, 2) + std::pow(y - 0.7, 2), {x + y - 1.2}};
}

double true_best(const Eigen::MatrixXd& c) {
  double best = 1e9;
  for (std::size_t i = 0; i < static_cast<std::size_t>(c.rows()); ++i) {
    const Observation o = observe(c, i);
    if (o.feasible()) best = std::min(best, o.objective);
  }
  return best;
}

std::size_t run(Optimizer& opt, const Eigen::MatrixXd& c, double target) {
  std::size_t reached = 0;
  while (auto i = opt.ask()) {
    const Observation o = observe(c, *i);
    opt.tell(*i, o);
    if (!reached && o.feasible() && o.objective <= target) reached = opt.evaluations();
  }
  return reached;
}

TEST(opt_ConstrainedBo, FindsConstrainedOptimumQuickly) {
  const Eigen::MatrixXd c = grid();
  const double best = true_best(c);
  OptimizerOptions o;
  o.budget = 30;
  o.seed = 5;
  ConstrainedBo bo(c, o);
  const std::size_t reached = run(bo, c, best + 0.01);
  EXPECT_GT(reached, 0u);
  EXPECT_LE(reached, 30u);
  ASSERT_TRUE(bo.best_feasible());
  EXPECT_LE(observe(c, *bo.best_feasible()).objective, best + 0.01);
  EXPECT_EQ(bo.stop_reason(), "budget");
}

// A constraint that cannot be observed where another fails (NaN there, as the latency of an
// overloaded queue): its GP learns only from where it was seen, the other constraint marks the
// region, and NaN never counts as feasible.
TEST(opt_ConstrainedBo, ConstraintsUnobservedInPartOfTheSpaceAreLeftOutOfTheirModel) {
  const Eigen::MatrixXd c = grid();
  auto obs = [&](std::size_t i) {
    const double x = c(static_cast<Eigen::Index>(i), 0), y = c(static_cast<Eigen::Index>(i), 1);
    const double load = 0.3 - y;  // "keeps up" where y >= 0.3
    const double latency = load < 0 ? x + y - 1.2 : std::numeric_limits<double>::quiet_NaN();
    return Observation{std::pow(x - 0.8, 2) + std::pow(y - 0.1, 2), {latency, load}};
  };
  EXPECT_FALSE(obs(0).feasible());  // y = 0: latency NaN
  double best = 1e9;
  for (std::size_t i = 0; i < 400; ++i)
    if (obs(i).feasible()) best = std::min(best, obs(i).objective);
  OptimizerOptions o;
  o.budget = 30;
  o.seed = 3;
  ConstrainedBo bo(c, o);
  std::size_t reached = 0;
  while (auto i = bo.ask()) {
    const Observation ob = obs(*i);
    bo.tell(*i, ob);
    EXPECT_TRUE(std::isfinite(bo.last_acquisition()));
    if (!reached && ob.feasible() && ob.objective <= best + 0.01) reached = bo.evaluations();
  }
  EXPECT_GT(reached, 0u);
  ASSERT_EQ(bo.constraint_models().size(), 2u);
  EXPECT_TRUE(bo.constraint_models()[0].fitted());
  ASSERT_TRUE(bo.best_feasible());
  EXPECT_TRUE(obs(*bo.best_feasible()).feasible());
}

TEST(opt_RandomSearch, NeverRepeatsAndStopsOnBudget) {
  const Eigen::MatrixXd c = grid();
  OptimizerOptions o;
  o.budget = 50;
  RandomSearch rs(c, o);
  std::set<std::size_t> seen;
  while (auto i = rs.ask()) {
    EXPECT_TRUE(seen.insert(*i).second);
    rs.tell(*i, observe(c, *i));
  }
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(rs.stop_reason(), "budget");
}

TEST(opt_GridSearch, VisitsEveryCandidateAndFindsTheOptimum) {
  const Eigen::MatrixXd c = grid();
  OptimizerOptions o;
  o.budget = 1000;
  auto g = make_optimizer("grid", c, o);
  run(*g, c, 0);
  EXPECT_EQ(g->evaluations(), 400u);
  EXPECT_EQ(g->stop_reason(), "exhausted");
  EXPECT_DOUBLE_EQ(observe(c, *g->best_feasible()).objective, true_best(c));
  EXPECT_THROW(make_optimizer("annealing", c, o), std::invalid_argument);
}

TEST(opt_ConstrainedBo, PatienceStops) {
  const Eigen::MatrixXd c = grid();
  OptimizerOptions o;
  o.budget = 400;
  o.patience = 5;
  ConstrainedBo bo(c, o);
  run(bo, c, 0);
  EXPECT_EQ(bo.stop_reason(), "patience");
  EXPECT_LT(bo.evaluations(), 400u);
}

TEST(opt_Design, LatinHypercubeHasOnePointPerStratum) {
  std::mt19937_64 rng(1);
  const Eigen::MatrixXd d = latin_hypercube(8, 3, rng);
  for (int k = 0; k < 3; ++k) {
    std::set<int> strata;
    for (int i = 0; i < 8; ++i) strata.insert(static_cast<int>(d(i, k) * 8));
    EXPECT_EQ(strata.size(), 8u);
  }
  // Snapping needs a design with the candidates' dimensions; a mismatch is refused.
  EXPECT_THROW(snap_to_candidates(d, grid(), {}), std::invalid_argument);
  const auto snapped = snap_to_candidates(latin_hypercube(8, 2, rng), grid(), {});
  EXPECT_EQ(std::set<std::size_t>(snapped.begin(), snapped.end()).size(), 8u);
}

}  // namespace
}  // namespace plab::opt
