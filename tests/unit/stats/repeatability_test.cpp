// One-way ANOVA repeatability and the seeded bootstrap against scipy / numpy.
#include "core/stats/repeatability.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/stats/bootstrap.h"
#include "core/stats/summary.h"
#include "core/util/error.h"
#include "unit/stats/fixtures.h"

namespace plab::stats {
namespace {

TEST(Repeatability, MatchesScipyOneWayAnova) {
  // scipy.stats.f_oneway(*GROUPS); MS, ICC(1) with n0 and the CVs written out in
  // stats_reference.py.
  const Repeatability r = repeatability(testdata::kGroups);
  EXPECT_EQ(r.groups, 4u);
  EXPECT_EQ(r.observations, 12u);
  EXPECT_NEAR(r.f_statistic, 38.21823617339319, 1e-9);
  EXPECT_NEAR(r.p_value, 4.335907221824011e-05, 1e-12);
  EXPECT_NEAR(r.ms_between, 0.8877777777777771, 1e-12);
  EXPECT_NEAR(r.ms_within, 0.023229166666666655, 1e-12);
  EXPECT_NEAR(r.icc, 0.9266870537735791, 1e-12);
  EXPECT_NEAR(r.within_cv, 0.014809183124025812, 1e-12);
  EXPECT_NEAR(r.across_cv, 0.05348370704938168, 1e-12);
  EXPECT_NEAR(r.ratio, 0.05348370704938168 / 0.014809183124025812, 1e-9);
}

TEST(Repeatability, NeedsRepeatsAndDevices) {
  EXPECT_THROW(repeatability({{1.0, 2.0}}), InputError);
  EXPECT_THROW(repeatability({{1.0}, {2.0}}), InputError);
  EXPECT_THROW(repeatability({{1.0, 2.0}, {}}), InputError);
}

TEST(Bootstrap, PercentileIntervalOfMeanAgreesWithLargeNumpyRun) {
  // numpy, 400,000 resamples (default_rng(12345)): 95% percentile interval of mean(B) is
  // (3.43, 5.10). 20,000 resamples here differ only by Monte Carlo error (~0.03).
  const Statistic mean_stat = [](std::span<const double> v) { return mean(v); };
  const Interval iv = bootstrap_ci(testdata::kB, mean_stat, 20000, 0.95, 7);
  EXPECT_NEAR(iv.estimate, 4.24, 1e-12);
  EXPECT_NEAR(iv.low, 3.43, 0.05);
  EXPECT_NEAR(iv.high, 5.10, 0.05);
}

TEST(Bootstrap, SeededAndDeterministic) {
  const Statistic mean_stat = [](std::span<const double> v) { return mean(v); };
  const auto a = bootstrap_replicates(testdata::kA, mean_stat, 200, 42);
  const auto b = bootstrap_replicates(testdata::kA, mean_stat, 200, 42);
  const auto c = bootstrap_replicates(testdata::kA, mean_stat, 200, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Every replicate of a mean lies between the sample's extremes.
  for (double r : a) {
    EXPECT_GE(r, 0.96);
    EXPECT_LE(r, 1.50);
  }
}

TEST(Bootstrap, RejectsBadInput) {
  const Statistic mean_stat = [](std::span<const double> v) { return mean(v); };
  const std::vector<double> empty;
  EXPECT_THROW(bootstrap_ci(empty, mean_stat, 10, 0.95, 1), InputError);
  EXPECT_THROW(bootstrap_ci(testdata::kA, mean_stat, 0, 0.95, 1), InputError);
  EXPECT_THROW(bootstrap_ci(testdata::kA, mean_stat, 10, 1.0, 1), InputError);
}

}  // namespace
}  // namespace plab::stats
