// Outlier tests against numpy/scipy and the NIST handbook's generalised-ESD example.
#include "core/stats/outliers.h"

#include <gtest/gtest.h>

#include "core/util/error.h"
#include "unit/stats/fixtures.h"

namespace plab::stats {
namespace {

using testdata::kA;
using testdata::kB;

TEST(Outliers, TukeyFlagsTheSlowDevice) {
  // stats_reference.py: A.tukey_outlier_idx = [7], B has none.
  const auto a = tukey_outliers(kA);
  EXPECT_EQ(count(a), 1u);
  EXPECT_TRUE(a[7]);
  EXPECT_EQ(count(tukey_outliers(kB)), 0u);
}

TEST(Outliers, ModifiedZMatchesScipy) {
  // 0.6745 (x - median) / MAD with scipy.stats.median_abs_deviation(scale=1).
  const auto z = modified_z_scores(kA);
  EXPECT_NEAR(z[7], 13.3551, 1e-4);
  EXPECT_NEAR(z[3], 1.2141, 1e-4);
  EXPECT_NEAR(z[4], -0.9443, 1e-4);
  const auto zb = modified_z_scores(kB);
  EXPECT_NEAR(zb[6], 1.638071, 1e-6);
  EXPECT_NEAR(zb[2], -1.316881, 1e-6);
  const auto flags = modified_z_outliers(kA);
  EXPECT_EQ(count(flags), 1u);
  EXPECT_TRUE(flags[7]);
}

TEST(Outliers, ModifiedZWithoutSpreadFlagsNothing) {
  const std::vector<double> flat = {2, 2, 2, 2, 9};
  EXPECT_EQ(count(modified_z_outliers(flat)), 0u);
}

TEST(Outliers, GeneralizedEsdReproducesNistExample) {
  // NIST/SEMATECH e-Handbook 1.3.5.17.3 (Rosner 1983 data, r = 10, alpha = 0.05): statistics
  // 3.118 2.942 3.179 2.810 2.815 2.848 2.279 2.310 2.101 2.067, critical values 3.158 3.151
  // 3.143 3.136 3.128 3.120 3.111 3.103 3.094 3.085, three outliers. Four-digit values
  // recomputed with scipy.stats.t in stats_reference.py.
  const EsdResult r = generalized_esd(testdata::kRosner, 10, 0.05);
  const double R[] = {3.1189, 2.943, 3.1794, 2.8102, 2.8156, 2.8482, 2.2793, 2.3104, 2.1016, 2.0672};
  const double L[] = {3.1588, 3.1514, 3.1439, 3.1362, 3.1282, 3.1201, 3.1118, 3.1032, 3.0945, 3.0854};
  ASSERT_EQ(r.statistic.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_NEAR(r.statistic[i], R[i], 1e-3) << i;
    EXPECT_NEAR(r.critical[i], L[i], 1e-3) << i;
  }
  EXPECT_EQ(r.outliers, 3u);
  EXPECT_EQ(count(r.flags), 3u);
  // The three flagged values are the three largest: 6.01, 5.42, 5.34.
  const auto n = testdata::kRosner.size();
  EXPECT_TRUE(r.flags[n - 1] && r.flags[n - 2] && r.flags[n - 3]);
}

TEST(Outliers, GeneralizedEsdRejectsTinySamples) {
  const std::vector<double> two = {1, 2};
  EXPECT_THROW(generalized_esd(two, 1), InputError);
  EXPECT_THROW(generalized_esd(kA, 1, 1.5), InputError);
}

}  // namespace
}  // namespace plab::stats
