#include "core/analysis/pareto.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace plab::analysis {
namespace {

constexpr Directions kMinMin{Direction::Minimize, Direction::Minimize};

TEST(Pareto, NonDominatedMinimiseBoth) {
  // (1,5) (2,3) (4,1) form the front; (3,4) is dominated by (2,3); (5,5) by all.
  std::vector<ObjPoint> p = {{3, 4}, {1, 5}, {5, 5}, {4, 1}, {2, 3}};
  EXPECT_EQ(non_dominated(p, kMinMin), (std::vector<std::size_t>{1, 4, 3}));
}

TEST(Pareto, DirectionsChangeTheFront) {
  std::vector<ObjPoint> p = {{1, 1}, {2, 2}, {3, 1}};
  // Maximise both: only (2,2) and (3,1)? (3,1) vs (2,2): neither dominates. (1,1) is dominated.
  EXPECT_EQ(non_dominated(p, {Direction::Maximize, Direction::Maximize}), (std::vector<std::size_t>{1, 2}));
  // Minimise x, maximise y: (1,1) and (2,2) survive; (3,1) is worse than (1,1) in x and equal in y.
  EXPECT_EQ(non_dominated(p, {Direction::Minimize, Direction::Maximize}), (std::vector<std::size_t>{0, 1}));
}

TEST(Pareto, InfeasibleAndNonFiniteNeverOnTheFront) {
  std::vector<ObjPoint> p = {{0, 0, false}, {NAN, 0}, {1, 1}, {2, 0.5}};
  EXPECT_EQ(non_dominated(p, kMinMin), (std::vector<std::size_t>{2, 3}));
  const auto r = pareto_ranks(p, kMinMin);
  EXPECT_EQ(r, (std::vector<int>{-1, -1, 0, 0}));
}

TEST(Pareto, DuplicatesOfAFrontPointAreKept) {
  std::vector<ObjPoint> p = {{1, 2}, {1, 2}, {2, 1}, {1, 3}};
  EXPECT_EQ(non_dominated(p, kMinMin), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Pareto, FrontMatchesBruteForceOnRandomPoints) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<ObjPoint> p(200);
    for (auto& x : p) x = {std::round(u(rng) * 20), std::round(u(rng) * 20), u(rng) > 0.1};
    const Directions d{trial % 2 ? Direction::Maximize : Direction::Minimize, Direction::Minimize};
    std::vector<bool> brute(p.size(), false);
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (!p[i].feasible) continue;
      bool dominated = false;
      for (std::size_t j = 0; j < p.size() && !dominated; ++j) dominated = p[j].feasible && dominates(p[j], p[i], d);
      brute[i] = !dominated;
    }
    std::vector<bool> fast(p.size(), false);
    for (auto i : non_dominated(p, d)) fast[i] = true;
    EXPECT_EQ(fast, brute) << "trial " << trial;
  }
}

TEST(Pareto, RanksPeelFronts) {
  std::vector<ObjPoint> p = {{1, 3}, {3, 1}, {2, 4}, {4, 2}, {5, 5}};
  EXPECT_EQ(pareto_ranks(p, kMinMin), (std::vector<int>{0, 0, 1, 1, 2}));
}

TEST(Pareto, TopKTakesTheFrontFirst) {
  std::vector<ObjPoint> p = {{5, 5}, {3, 1}, {1, 3}, {2, 4}, {0, 0, false}};
  EXPECT_EQ(top_k(p, kMinMin, 3), (std::vector<std::size_t>{2, 1, 3}));
  EXPECT_EQ(top_k(p, kMinMin, 10).size(), 4u);
}

TEST(Pareto, HypervolumeOfAStaircase) {
  // Front (1,3) (2,2) (3,1) against reference (4,4): 3*1 + 2*1 + 1*1 ... computed by slabs:
  // x in [1,2): height 4-3=1; [2,3): 2; [3,4): 3 -> 1+2+3 = 6.
  std::vector<ObjPoint> p = {{1, 3}, {2, 2}, {3, 1}, {3.5, 3.5}};
  EXPECT_DOUBLE_EQ(hypervolume(p, kMinMin, {4, 4}), 6.0);
}

TEST(Pareto, HypervolumeRespectsDirectionsAndReference) {
  // Maximise both with reference (0,0): one point (2,3) -> 6; a point beyond the reference counts nothing.
  std::vector<ObjPoint> p = {{2, 3}, {-1, 5}};
  EXPECT_DOUBLE_EQ(hypervolume(p, {Direction::Maximize, Direction::Maximize}, {0, 0}), 6.0);
  EXPECT_DOUBLE_EQ(hypervolume({}, kMinMin, {1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(hypervolume({{0, 0, false}}, kMinMin, {1, 1}), 0.0);
}

TEST(Pareto, NadirIsTheWorstFeasible) {
  std::vector<ObjPoint> p = {{1, 9}, {4, 2}, {100, 100, false}};
  auto n = nadir(p, {Direction::Minimize, Direction::Maximize});
  ASSERT_TRUE(n);
  EXPECT_EQ(n->x, 4);
  EXPECT_EQ(n->y, 2);
  EXPECT_FALSE(nadir({{1, 1, false}}, kMinMin));
}

}  // namespace
}  // namespace plab::analysis
