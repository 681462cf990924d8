#include "core/analysis/history.h"

#include <gtest/gtest.h>

#include <cmath>

namespace plab::analysis {
namespace {

TEST(History, BestSoFarSkipsInfeasibleAndWaitsForTheFirst) {
  std::vector<Evaluation> e = {{1.0, false}, {5.0, true}, {3.0, true}, {1.0, false}, {4.0, true}, {2.0, true}};
  const auto b = best_so_far(e, Direction::Minimize);
  ASSERT_EQ(b.size(), e.size());
  EXPECT_TRUE(std::isnan(b[0]));
  EXPECT_EQ(b[1], 5.0);
  EXPECT_EQ(b[2], 3.0);
  EXPECT_EQ(b[3], 3.0);
  EXPECT_EQ(b[4], 3.0);
  EXPECT_EQ(b[5], 2.0);
  EXPECT_EQ(best_index(e, Direction::Minimize), 5u);
}

TEST(History, MaximiseKeepsTheLargest) {
  std::vector<Evaluation> e = {{1, true}, {NAN, true}, {7, true}, {3, true}};
  const auto b = best_so_far(e, Direction::Maximize);
  EXPECT_EQ(b, (std::vector<double>{1, 1, 7, 7}));
  EXPECT_EQ(best_index(e, Direction::Maximize), 2u);
  EXPECT_EQ(best_index({{1, false}}, Direction::Maximize), 1u);
}

}  // namespace
}  // namespace plab::analysis
