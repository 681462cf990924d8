#pragma once
// Median normalisation, box-plot statistics and the "performance variation" figures of the SC'22
// GPU-variability study (Sinha et al., arXiv 2208.11035).
//
// The study plots, per application and cluster, each GPU's performance divided by the median
// GPU's ("median normalised"), as a box plot with Tukey whiskers. Its artifact
// (hal-uw/gpu_variability_sc22_artifact, plot_script/plot_aggregated.py) computes the percent
// variability of such a distribution as
//     (Q3 + 1.5 IQR  -  (Q1 - 1.5 IQR)) / Q2 * 100  =  4 IQR / median * 100,
// the span between the two Tukey fences relative to the median. That is Variation::Fences, the
// headline definition here. Two alternatives are offered for comparison: the span between the
// whisker ends (the most extreme values inside the fences, what a reader measures on the plot)
// and the full range (max - min).

#include <span>
#include <string>
#include <vector>

namespace plab::stats {

/// Divides every value by the sample median. Throws InputError if the median is 0 or the sample
/// is empty / holds NaN.
std::vector<double> normalise_to_median(std::span<const double> values);

/// The five numbers of a Tukey box plot plus its fences (k = 1.5 unless asked otherwise).
struct BoxStats {
  double q1 = 0, median = 0, q3 = 0;
  double lower_fence = 0, upper_fence = 0;      // q1 - k IQR, q3 + k IQR
  double lower_whisker = 0, upper_whisker = 0;  // most extreme data inside the fences
  double min = 0, max = 0;
  double iqr() const { return q3 - q1; }
};

BoxStats box_stats(std::span<const double> values, double k = 1.5);

/// Which span counts as "variation".
enum class Variation {
  Fences,    // (upper fence - lower fence) / median: the artifact's definition (headline)
  Whiskers,  // (upper whisker - lower whisker) / median
  Range,     // (max - min) / median
};

const char* to_string(Variation v);
Variation variation_from_string(const std::string& s);  // "fences" | "whiskers" | "range"

/// Variation of a sample in percent of its median. Scale-free: the same on raw durations and on
/// median-normalised ones.
double variation_percent(std::span<const double> values, Variation def = Variation::Fences);
double variation_percent(const BoxStats& box, Variation def = Variation::Fences);

}  // namespace plab::stats
