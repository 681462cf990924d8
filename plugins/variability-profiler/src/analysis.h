#pragma once
// The SC'22 variability analysis of a measurement campaign (Sinha et al., arXiv 2208.11035 v3):
// per application, each device's performance is aggregated over its runs, normalised to the
// median device, summarised as a box plot whose fence span is the "performance variation", and
// its outliers flagged; then repeatability, sensor correlations and bootstrap intervals.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/stats/bootstrap.h"
#include "core/stats/correlation.h"
#include "core/stats/repeatability.h"
#include "core/stats/variation.h"
#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

/// How to analyse. Defaults follow the paper and its artifact.
struct AnalysisOptions {
  stats::Variation definition = stats::Variation::Fences;
  bool aggregate_by_median = true;  // per-device duration: median of its runs (else the mean)
  double tukey_k = 1.5;             // outlier fences
  std::size_t bootstrap_resamples = 1000;
  double confidence = 0.95;
  std::uint64_t seed = 1;
};

/// One device's result for one application. norm_duration = duration / median device duration
/// (> 1 is slower); norm_perf = 1 / norm_duration (the paper's "normalised performance").
/// Sensor values are medians over the device's runs; kMissing when no run measured them.
struct DeviceResult {
  std::uint32_t device = 0;
  std::size_t runs = 0;
  double duration_s = 0;
  double norm_duration = 1;
  double norm_perf = 1;
  double frequency_mhz = kMissing;
  double power_w = kMissing;
  double temperature_c = kMissing;
  bool outlier = false;   // outside the Tukey fences of norm_duration
  double modified_z = 0;  // Iglewicz-Hoaglin score of norm_duration
  std::size_t rank = 0;   // 1 = fastest
};

/// Correlation of normalised performance with one sensor over the devices that report it.
struct SensorCorrelation {
  std::string sensor;  // "frequency_mhz", "power_w", "temperature_c"
  stats::Correlation pearson;
  stats::Correlation spearman;
};

/// Everything the analysis says about one application.
struct AppResult {
  std::string application;
  std::vector<DeviceResult> devices;  // in dataset device order
  stats::BoxStats box;                // of norm_duration
  stats::Interval variation;          // percent, with bootstrap interval
  double whisker_variation_pct = 0;
  double range_variation_pct = 0;
  std::size_t outliers = 0;
  std::size_t slow_outliers = 0;                      // above the upper fence
  double max_slowdown = 1;                            // largest norm_duration
  std::optional<stats::Repeatability> repeatability;  // absent without repeated runs
  std::vector<SensorCorrelation> correlations;        // only sensors with >= 4 reporting devices
  std::vector<std::string> notes;                     // what could not be computed, and why
};

/// An application measured on a single device (one GPU in a workstation): nothing to compare it
/// with, but its run-to-run spread and sensor readings are still worth reporting.
struct SoloResult {
  std::string application;
  std::size_t device = 0;   // index into Dataset::devices
  std::size_t runs = 0;
  double duration_s = 0;    // median (or mean, as the options say) of its runs
  double run_cv_pct = kMissing;  // run-to-run coefficient of variation, percent (needs >= 2 runs)
  double frequency_mhz = kMissing;
  double power_w = kMissing;
  double temperature_c = kMissing;
};

/// The whole campaign: per application, and the headline figures over applications.
struct Report {
  std::vector<AppResult> apps;
  std::vector<SoloResult> solo;  // applications measured on one device only (not in the headline)
  stats::Interval mean_variation;  // mean over applications, percent (bootstrap interval)
  double max_variation_pct = 0;
  double max_slowdown = 1;
  std::size_t total_outliers = 0;
  std::vector<std::string> notes;  // applications left out, and why
};

/// Analyses a dataset. Applications measured on fewer than 2 devices are left out with a note;
/// throws InputError when nothing is left (or the dataset is empty).
Report analyse(const Dataset& data, const AnalysisOptions& options);

}  // namespace plab::variability
