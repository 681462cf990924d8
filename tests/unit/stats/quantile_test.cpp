// Quantiles, summaries, median normalisation and the variation definitions against numpy.
#include "core/stats/quantile.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/stats/summary.h"
#include "core/stats/variation.h"
#include "core/util/error.h"
#include "unit/stats/fixtures.h"

namespace plab::stats {
namespace {

using testdata::kA;
using testdata::kB;

TEST(Quantile, MatchesNumpyLinear) {
  // numpy.quantile(A, q) (method "linear" = Hyndman-Fan 7), stats_reference.py.
  EXPECT_NEAR(quantile(kA, 0.10), 0.971, 1e-12);
  EXPECT_NEAR(quantile(kA, 0.25), 0.9875, 1e-12);
  EXPECT_NEAR(quantile(kA, 0.50), 1.005, 1e-12);
  EXPECT_NEAR(quantile(kA, 0.75), 1.0325, 1e-12);
  EXPECT_NEAR(quantile(kA, 0.90), 1.049, 1e-12);
  EXPECT_NEAR(quantile(kB, 0.10), 2.83, 1e-12);
  EXPECT_NEAR(quantile(kB, 0.25), 3.15, 1e-12);
  EXPECT_NEAR(quantile(kB, 0.75), 4.925, 1e-12);
  EXPECT_NEAR(quantile(kB, 0.90), 5.99, 1e-12);
  EXPECT_DOUBLE_EQ(quantile(kB, 0.0), 2.2);
  EXPECT_DOUBLE_EQ(quantile(kB, 1.0), 6.8);
}

TEST(Quantile, SelectionAgreesWithSorting) {
  for (double p : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0}) {
    std::vector<double> scratch = kA;
    EXPECT_DOUBLE_EQ(quantile_select(scratch, p), quantile(kA, p)) << p;
  }
}

TEST(Quantile, MedianAndMad) {
  // By hand: the middle pair of sorted B is 4.1, 4.4 -> 4.25. MAD values from
  // scipy.stats.median_abs_deviation(scale=1.0).
  EXPECT_DOUBLE_EQ(median(kB), 4.25);
  EXPECT_NEAR(mad(kA), 0.025, 1e-12);
  EXPECT_NEAR(mad(kB), 1.05, 1e-12);
  const std::vector<double> one = {7.0};
  EXPECT_DOUBLE_EQ(median(one), 7.0);
}

TEST(Quantile, RejectsBadInput) {
  const std::vector<double> empty;
  EXPECT_THROW(quantile(empty, 0.5), InputError);
  EXPECT_THROW(quantile(kA, 1.5), InputError);
  EXPECT_THROW(quantile(kA, -0.1), InputError);
  const std::vector<double> nan = {1.0, std::nan("")};
  EXPECT_THROW(median(nan), InputError);
}

TEST(Summary, MatchesNumpy) {
  // numpy: A.mean(), A.std(ddof=1).
  const Summary s = summarize(kA);
  EXPECT_EQ(s.n, 12u);
  EXPECT_NEAR(s.mean, 1.0458333333333332, 1e-12);
  EXPECT_NEAR(s.stddev, 0.14563081175813494, 1e-12);
  EXPECT_NEAR(s.cv, 0.14563081175813494 / 1.0458333333333332, 1e-12);
  EXPECT_DOUBLE_EQ(s.min, 0.96);
  EXPECT_DOUBLE_EQ(s.max, 1.50);
  EXPECT_NEAR(s.iqr(), 1.0325 - 0.9875, 1e-12);
  const Summary b = summarize(kB);
  EXPECT_NEAR(b.mean, 4.24, 1e-12);
  EXPECT_NEAR(b.stddev, 1.4253264733230613, 1e-12);
}

TEST(Variation, DefinitionsMatchReference) {
  // stats_reference.py: (Q3+1.5IQR - (Q1-1.5IQR))/Q2*100 etc.
  EXPECT_NEAR(variation_percent(kA, Variation::Fences), 17.910447761194003, 1e-9);
  EXPECT_NEAR(variation_percent(kA, Variation::Whiskers), 8.955223880597025, 1e-9);
  EXPECT_NEAR(variation_percent(kA, Variation::Range), 53.7313432835821, 1e-9);
  EXPECT_NEAR(variation_percent(kB, Variation::Fences), 167.05882352941174, 1e-9);
  EXPECT_NEAR(variation_percent(kB, Variation::Whiskers), 108.23529411764706, 1e-9);
}

TEST(Variation, ScaleFreeAndMedianNormalised) {
  const auto norm = normalise_to_median(kA);
  EXPECT_DOUBLE_EQ(median(norm), 1.0);
  EXPECT_NEAR(norm[7], 1.50 / 1.005, 1e-12);
  EXPECT_NEAR(variation_percent(norm), variation_percent(kA), 1e-9);
}

TEST(Variation, BoxWhiskersStopAtFences) {
  // By hand from the quartiles above: fences 0.9875 -/+ 1.5*0.045 -> 0.92, 1.1; the 1.50 outlier
  // lies outside, so the upper whisker is the next largest value, 1.05.
  const BoxStats b = box_stats(kA);
  EXPECT_NEAR(b.lower_fence, 0.92, 1e-12);
  EXPECT_NEAR(b.upper_fence, 1.1, 1e-12);
  EXPECT_DOUBLE_EQ(b.upper_whisker, 1.05);
  EXPECT_DOUBLE_EQ(b.lower_whisker, 0.96);
}

TEST(Variation, ParsesDefinitionNames) {
  EXPECT_EQ(variation_from_string("fences"), Variation::Fences);
  EXPECT_EQ(variation_from_string("whiskers"), Variation::Whiskers);
  EXPECT_EQ(variation_from_string("range"), Variation::Range);
  EXPECT_THROW(variation_from_string("iqr"), InputError);
  const std::vector<double> zeros = {0.0, 0.0, 1.0};
  EXPECT_THROW(normalise_to_median(zeros), InputError);
}

}  // namespace
}  // namespace plab::stats
