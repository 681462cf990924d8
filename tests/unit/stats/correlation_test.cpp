// Pearson and Spearman correlation with Fisher-z intervals against scipy.
#include "core/stats/correlation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/util/error.h"
#include "unit/stats/fixtures.h"

namespace plab::stats {
namespace {

using testdata::kDur;
using testdata::kFreq;

TEST(Correlation, PearsonMatchesScipy) {
  // scipy.stats.pearsonr(FREQ, DUR); interval tanh(atanh r -/+ 1.95996/sqrt(n-3)).
  const Correlation c = pearson(kFreq, kDur);
  EXPECT_EQ(c.n, 10u);
  EXPECT_NEAR(c.r, -0.9779567797936338, 1e-12);
  EXPECT_NEAR(c.p_value, 1.005874198407496e-06, 1e-12);
  EXPECT_NEAR(c.ci_low, -0.9949470879680914, 1e-9);
  EXPECT_NEAR(c.ci_high, -0.9065140927995468, 1e-9);
}

TEST(Correlation, SpearmanMatchesScipy) {
  // scipy.stats.spearmanr(FREQ, DUR); interval with Fieller's standard error sqrt(1.06/(n-3)).
  const Correlation c = spearman(kFreq, kDur);
  EXPECT_NEAR(c.r, -0.9636363636363635, 1e-12);
  EXPECT_NEAR(c.p_value, 7.320974809529922e-06, 1e-12);
  EXPECT_NEAR(c.ci_low, -0.9919754612239332, 1e-9);
  EXPECT_NEAR(c.ci_high, -0.8430992209236774, 1e-9);
}

TEST(Correlation, SpearmanAveragesTies) {
  // scipy.stats.rankdata(TX) and spearmanr(TX, TY).
  const auto r = ranks(testdata::kTiesX);
  const double expect[] = {1.0, 2.5, 2.5, 4.0, 6.0, 6.0, 6.0, 8.0};
  for (int i = 0; i < 8; ++i) EXPECT_DOUBLE_EQ(r[i], expect[i]);
  const Correlation c = spearman(testdata::kTiesX, testdata::kTiesY);
  EXPECT_NEAR(c.r, 0.9200335844703181, 1e-12);
  EXPECT_NEAR(c.p_value, 0.001202943728136136, 1e-12);
}

TEST(Correlation, WiderConfidenceGivesWiderInterval) {
  const Correlation c95 = pearson(kFreq, kDur, 0.95);
  const Correlation c99 = pearson(kFreq, kDur, 0.99);
  EXPECT_LT(c99.ci_low, c95.ci_low);
  EXPECT_GT(c99.ci_high, c95.ci_high);
}

TEST(Correlation, DegenerateInputs) {
  const std::vector<double> flat = {1, 1, 1, 1, 1};
  const std::vector<double> up = {1, 2, 3, 4, 5};
  EXPECT_TRUE(std::isnan(pearson(flat, up).r));
  const std::vector<double> three = {1, 2, 3};
  EXPECT_TRUE(std::isnan(pearson(three, three).ci_low));  // n - 3 = 0: no interval
  EXPECT_THROW(pearson(up, three), InputError);
  const std::vector<double> one = {1};
  EXPECT_THROW(spearman(one, one), InputError);
}

}  // namespace
}  // namespace plab::stats
