#pragma once
// Seeded non-parametric bootstrap confidence intervals (Efron & Tibshirani 1993, percentile
// method): resample the values with replacement `resamples` times, recompute the statistic, and
// take the (1 - c)/2 and (1 + c)/2 quantiles (definition 7) of the replicates.
//
// Deterministic: the same values, statistic, resamples and seed give the same interval (the
// generator is std::mt19937_64; indices are drawn with std::uniform_int_distribution).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace plab::stats {

/// A point estimate with a two-sided interval.
struct Interval {
  double estimate = 0;
  double low = 0;
  double high = 0;
  double confidence = 0.95;
};

using Statistic = std::function<double(std::span<const double>)>;

/// `resamples` replicates of stat over resamples of `values` (same size, with replacement).
/// Throws InputError for an empty sample or resamples == 0.
std::vector<double> bootstrap_replicates(std::span<const double> values, const Statistic& stat,
                                         std::size_t resamples, std::uint64_t seed);

/// Percentile interval from replicates (NaN replicates are dropped; throws if none remain).
Interval percentile_interval(double estimate, std::span<const double> replicates, double confidence);

/// stat(values) with its percentile bootstrap interval.
Interval bootstrap_ci(std::span<const double> values, const Statistic& stat, std::size_t resamples,
                      double confidence, std::uint64_t seed);

}  // namespace plab::stats
