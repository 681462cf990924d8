// The CLP/CBC wrapper: an LP, a knapsack MILP and SOS2 piecewise-linear interpolation.
#include <gtest/gtest.h>

#include <cmath>

#include "plugins/cluster-scheduler/src/lp.h"

namespace plab::cluster {
namespace {

TEST(Lp, SolvesASmallLinearProgram) {
  // max 3x + 2y s.t. x + y <= 4, x + 3y <= 6, x <= 3 -> x = 3, y = 1, objective 11.
  LinearProgram lp;
  lp.maximize = true;
  const int x = lp.add_col(0, 3, 3), y = lp.add_col(0, kInf, 2);
  lp.add_row({{x, 1}, {y, 1}}, -kInf, 4);
  lp.add_row({{x, 1}, {y, 3}}, -kInf, 6);
  const auto s = solve_lp(lp);
  ASSERT_TRUE(s.optimal);
  EXPECT_NEAR(s.x[x], 3, 1e-9);
  EXPECT_NEAR(s.x[y], 1, 1e-9);
  EXPECT_NEAR(s.objective, 11, 1e-9);
  lp.add_row({{x, 1}}, 5, kInf);  // now infeasible
  EXPECT_FALSE(solve_lp(lp).feasible);
}

TEST(Milp, SolvesAKnapsack) {
  // values 10, 13, 7, 8; weights 5, 7, 4, 3; capacity 10 -> items 1 and 4 (value 21)... or 3+4? 7+8=15.
  // Best: items 2 and 4 (weights 7+3=10, value 21).
  const double v[] = {10, 13, 7, 8}, w[] = {5, 7, 4, 3};
  LinearProgram lp;
  lp.maximize = true;
  std::vector<std::pair<int, double>> cap;
  for (int i = 0; i < 4; ++i) cap.push_back({lp.add_col(0, 1, v[i], true), w[i]});
  lp.add_row(cap, -kInf, 10);
  const auto s = solve_milp(lp, 10, 0);
  ASSERT_TRUE(s.feasible);
  EXPECT_NEAR(s.objective, 21, 1e-6);
  EXPECT_NEAR(s.x[1], 1, 1e-6);
  EXPECT_NEAR(s.x[3], 1, 1e-6);
}

TEST(Milp, Sos2InterpolatesANonConvexFunction) {
  // Maximise a convex function (x^2 on breakpoints 0..4) over x <= 2.5: without SOS2 the LP would
  // mix the end points 0 and 4; with SOS2 only neighbours mix: f(2.5) = 4 + 0.5 * 5 = 6.5.
  LinearProgram lp;
  lp.maximize = true;
  LinearProgram::Sos2 sos;
  std::vector<std::pair<int, double>> conv, xdef;
  const int x = lp.add_col(0, 2.5, 0);
  for (int b = 0; b <= 4; ++b) {
    const int l = lp.add_col(0, 1, b * b);
    conv.push_back({l, 1});
    xdef.push_back({l, double(b)});
    sos.cols.push_back(l);
    sos.weights.push_back(b + 1);
  }
  xdef.push_back({x, -1});
  lp.add_row(conv, 1, 1);
  lp.add_row(xdef, 0, 0);
  lp.sos2.push_back(sos);
  const auto s = solve_milp(lp, 10, 0);
  ASSERT_TRUE(s.feasible);
  EXPECT_NEAR(s.objective, 6.5, 1e-6);
  EXPECT_NEAR(s.x[x], 2.5, 1e-6);
}

}  // namespace
}  // namespace plab::cluster
