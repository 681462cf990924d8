#pragma once
// Order statistics used by every analysis: quantiles, the median, the median absolute deviation.
//
// Quantile definition: Hyndman & Fan (1996) definition 7, the one R's quantile(type = 7),
// numpy.quantile(method="linear") and pandas.Series.quantile use by default. For a sorted sample
// x[0..n-1] and probability p, h = (n - 1) p, and Q(p) = x[floor h] + (h - floor h)(x[floor h + 1]
// - x[floor h]). The SC'22 GPU-variability artifact computes its quartiles with pandas, so this
// is the definition its "variation" figures rest on.
//
// All functions throw plab::InputError for an empty sample, a NaN value, or p outside [0, 1].

#include <span>
#include <vector>

namespace plab::stats {

/// Quantile (definition 7) of an already sorted sample (ascending). No copy is made.
double quantile_sorted(std::span<const double> sorted, double p);

/// Quantile (definition 7) of an unsorted sample; copies and sorts.
double quantile(std::span<const double> values, double p);

/// Median (quantile 0.5): the middle value, or the mean of the two middle values.
double median(std::span<const double> values);

/// Raw median absolute deviation: median(|x - median(x)|), without the 1.4826 normal-consistency
/// factor (multiply by it to estimate a standard deviation).
double mad(std::span<const double> values);

/// Quantile (definition 7) by selection in O(n): reorders `scratch` (nth_element) instead of
/// sorting it. For repeated use on large samples (bootstrap). Throws like quantile().
double quantile_select(std::span<double> scratch, double p);

/// A sorted copy; throws InputError if the sample is empty or holds NaN.
std::vector<double> sorted_copy(std::span<const double> values, const char* who);

}  // namespace plab::stats
