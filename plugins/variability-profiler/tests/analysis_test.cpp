// The variability analysis on small datasets whose answers are known by construction.
#include "plugins/variability-profiler/src/analysis.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/stats/quantile.h"
#include "core/stats/variation.h"
#include "core/util/error.h"
#include "plugins/variability-profiler/src/csv_io.h"

namespace plab::variability {
namespace {

// Ten devices, three runs each, durations around 1 s; device 7 is 1.5x slower. Device d's runs are
// base_d * (0.99, 1.00, 1.01), so its median is base_d.
Dataset ten_devices(bool sensors) {
  const double base[] = {1.00, 0.98, 1.02, 1.01, 0.99, 1.03, 0.97, 1.50, 1.00, 1.01};
  Dataset d;
  d.source = "test";
  const auto app = d.application("gemm");
  for (int i = 0; i < 10; ++i) {
    const auto dev = d.device("dev" + std::to_string(i), "node" + std::to_string(i / 2));
    for (int r = 0; r < 3; ++r) {
      Measurement m;
      m.device = dev;
      m.application = app;
      m.repetition = r;
      m.duration_s = base[i] * (0.99 + 0.01 * r);
      if (sensors) {
        m.frequency_mhz = 1500.0 / base[i];  // faster devices clock higher
        m.temperature_c = 50 + i;
      }
      d.runs.push_back(m);
    }
  }
  return d;
}

TEST(Analysis, NormalisesRanksAndFlagsTheSlowDevice) {
  AnalysisOptions o;
  o.bootstrap_resamples = 200;
  const Report r = analyse(ten_devices(true), o);
  ASSERT_EQ(r.apps.size(), 1u);
  const AppResult& a = r.apps[0];
  ASSERT_EQ(a.devices.size(), 10u);
  // Median of the bases (sorted: .97 .98 .99 1 1 1.01 1.01 1.02 1.03 1.5) is 1.005.
  EXPECT_NEAR(a.devices[7].norm_duration, 1.50 / 1.005, 1e-12);
  EXPECT_NEAR(a.devices[7].norm_perf, 1.005 / 1.50, 1e-12);
  EXPECT_TRUE(a.devices[7].outlier);
  EXPECT_EQ(a.outliers, 1u);
  EXPECT_EQ(a.slow_outliers, 1u);
  EXPECT_EQ(a.devices[7].rank, 10u);  // slowest
  EXPECT_EQ(a.devices[6].rank, 1u);   // 0.97: fastest
  EXPECT_NEAR(a.max_slowdown, 1.50 / 1.005, 1e-12);
  EXPECT_EQ(a.devices[0].runs, 3u);
  // The headline is the fence variation of the per-device medians (scale-free).
  const std::vector<double> medians = {1.00, 0.98, 1.02, 1.01, 0.99, 1.03, 0.97, 1.50, 1.00, 1.01};
  EXPECT_NEAR(a.variation.estimate, stats::variation_percent(medians, stats::Variation::Fences), 1e-9);
  EXPECT_LE(a.variation.low, a.variation.estimate + 1e-9);
  EXPECT_GE(a.variation.high, a.variation.estimate - 1e-9);
  EXPECT_NEAR(r.mean_variation.estimate, a.variation.estimate, 1e-12);
  EXPECT_EQ(r.total_outliers, 1u);
}

TEST(Analysis, RepeatabilitySeparatesDevicesFromRuns) {
  AnalysisOptions o;
  o.bootstrap_resamples = 50;
  const AppResult a = analyse(ten_devices(false), o).apps[0];
  ASSERT_TRUE(a.repeatability.has_value());
  // Runs differ by 1% around each device; devices by far more: the ratio is well above 1.
  EXPECT_GT(a.repeatability->ratio, 5.0);
  EXPECT_GT(a.repeatability->icc, 0.9);
  EXPECT_LT(a.repeatability->p_value, 1e-6);
}

TEST(Analysis, CorrelatesWithSensorsOnlyWhereMeasured) {
  AnalysisOptions o;
  o.bootstrap_resamples = 50;
  const AppResult with = analyse(ten_devices(true), o).apps[0];
  ASSERT_EQ(with.correlations.size(), 2u);  // frequency and temperature; power never measured
  EXPECT_EQ(with.correlations[0].sensor, "frequency_mhz");
  // norm_perf is exactly proportional to the clock here.
  EXPECT_NEAR(with.correlations[0].pearson.r, 1.0, 1e-12);
  EXPECT_NEAR(with.correlations[0].spearman.r, 1.0, 1e-12);
  bool noted_power = false;
  for (const auto& n : with.notes)
    noted_power = noted_power || n.find("power_w: 0 devices") != std::string::npos;
  EXPECT_TRUE(noted_power);
  EXPECT_FALSE(present(with.devices[0].power_w));

  const AppResult without = analyse(ten_devices(false), o).apps[0];
  EXPECT_TRUE(without.correlations.empty());
}

TEST(Analysis, DefinitionsAndAggregatesAreSelectable) {
  AnalysisOptions o;
  o.bootstrap_resamples = 20;
  o.definition = stats::Variation::Range;
  const AppResult a = analyse(ten_devices(false), o).apps[0];
  EXPECT_NEAR(a.variation.estimate, a.range_variation_pct, 1e-12);
  EXPECT_GT(a.range_variation_pct, a.whisker_variation_pct);
  o.aggregate_by_median = false;  // mean of (0.99, 1, 1.01) * base is base as well
  const AppResult m = analyse(ten_devices(false), o).apps[0];
  EXPECT_NEAR(m.devices[7].duration_s, 1.50, 1e-12);
}

TEST(Analysis, SeededBootstrapIsReproducible) {
  AnalysisOptions o;
  o.bootstrap_resamples = 100;
  o.seed = 11;
  const Report a = analyse(ten_devices(false), o);
  const Report b = analyse(ten_devices(false), o);
  EXPECT_EQ(a.apps[0].variation.low, b.apps[0].variation.low);
  EXPECT_EQ(a.apps[0].variation.high, b.apps[0].variation.high);
}

TEST(Analysis, LeavesOutApplicationsOnOneDevice) {
  Dataset d = ten_devices(false);
  const auto solo = d.application("solo");
  d.runs.push_back({0, solo, 0, 1.0});
  AnalysisOptions o;
  o.bootstrap_resamples = 20;
  const Report r = analyse(d, o);
  EXPECT_EQ(r.apps.size(), 1u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("'solo'"), std::string::npos);

  Dataset only;
  only.source = "x";
  only.runs.push_back({only.device("a", "n"), only.application("solo"), 0, 1.0});
  EXPECT_THROW(analyse(only, o), InputError);
  EXPECT_THROW(analyse(Dataset{}, o), InputError);
}

TEST(Analysis, ReportsASingleDevicesRunToRunSpreadAlone) {
  // One GPU beside many cores: the GPU's application cannot be compared across devices, but its
  // median, run-to-run spread and sensor readings are reported as a solo result.
  Dataset d = ten_devices(false);
  const auto gpu_app = d.application("sgemm-gpu");
  const auto gpu = d.device("gpu0", "node0");
  const double runs[] = {0.9, 1.1, 1.0};
  for (int r = 0; r < 3; ++r) {
    Measurement m{gpu, gpu_app, r, runs[r]};
    m.power_w = 300.0 + r;
    d.runs.push_back(m);
  }
  AnalysisOptions o;
  o.bootstrap_resamples = 20;
  const Report r = analyse(d, o);
  ASSERT_EQ(r.apps.size(), 1u);  // gemm only in the comparison
  ASSERT_EQ(r.solo.size(), 1u);
  const SoloResult& s = r.solo[0];
  EXPECT_EQ(s.application, "sgemm-gpu");
  EXPECT_EQ(s.device, gpu);
  EXPECT_EQ(s.runs, 3u);
  EXPECT_NEAR(s.duration_s, 1.0, 1e-12);
  EXPECT_NEAR(s.run_cv_pct, 10.0, 1e-9);  // sample sd 0.1 over mean 1.0
  EXPECT_NEAR(s.power_w, 301.0, 1e-12);
  EXPECT_FALSE(present(s.temperature_c));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("reported alone"), std::string::npos) << r.notes[0];
}

TEST(Analysis, FixtureCsvNamesTheSlowGpu) {
  AnalysisOptions o;
  o.bootstrap_resamples = 50;
  const Dataset d = read_measurements_csv(PLAB_VARIABILITY_FIXTURES "/measurements_good.csv");
  const Report r = analyse(d, o);
  ASSERT_EQ(r.apps.size(), 2u);
  const AppResult& sgemm = r.apps[0];
  // Medians 2.405, 2.385, 2.445, 3.51; the median device is (2.405 + 2.445) / 2 = 2.425.
  EXPECT_NEAR(sgemm.devices[3].norm_duration, 3.51 / 2.425, 1e-12);
  EXPECT_TRUE(sgemm.devices[3].outlier);
  EXPECT_EQ(d.devices[sgemm.devices[3].device].id, "GPU-dddd");
  EXPECT_DOUBLE_EQ(sgemm.devices[3].power_w, 300);
  EXPECT_FALSE(present(r.apps[1].devices[0].power_w));  // pagerank rows had no power
}

}  // namespace
}  // namespace plab::variability
