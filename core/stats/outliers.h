#pragma once
// Outlier tests for a one-dimensional sample (for example, median-normalised GPU durations).
//
//  - Tukey fences: outside [Q1 - k IQR, Q3 + k IQR] (k = 1.5): the points a box plot draws
//    separately, and what the SC'22 variability study calls outliers.
//  - Modified z-score (Iglewicz & Hoaglin 1993): M = 0.6745 (x - median) / MAD, outlier when
//    |M| > 3.5. Robust to the outliers themselves.
//  - Generalised ESD (Rosner 1983): Grubbs' test repeated for up to max_outliers suspects at
//    significance alpha; assumes the bulk is roughly normal. Critical values from Student's t
//    (Boost.Math).
// Each returns one flag per input value, in input order.

#include <cstddef>
#include <span>
#include <vector>

namespace plab::stats {

std::vector<bool> tukey_outliers(std::span<const double> values, double k = 1.5);

/// Modified z-scores; all zero when the MAD is 0 (no spread to measure against).
std::vector<double> modified_z_scores(std::span<const double> values);
std::vector<bool> modified_z_outliers(std::span<const double> values, double threshold = 3.5);

/// Result of the generalised ESD test: the test statistics R_i and critical values lambda_i for
/// i = 1..r, and how many values were declared outliers (the largest i with R_i > lambda_i).
struct EsdResult {
  std::vector<double> statistic;
  std::vector<double> critical;
  std::size_t outliers = 0;
  std::vector<bool> flags;  // one per input value
};

/// Needs at least 3 values; max_outliers is capped at n - 2. Throws InputError otherwise.
EsdResult generalized_esd(std::span<const double> values, std::size_t max_outliers, double alpha = 0.05);

/// Number of true flags.
std::size_t count(const std::vector<bool>& flags);

}  // namespace plab::stats
