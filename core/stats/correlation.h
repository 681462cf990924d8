#pragma once
// Correlation of two paired samples with a confidence interval, as used to relate a GPU's
// performance to its clock frequency, power and temperature.
//
//  - Pearson's r; interval from Fisher's z = atanh(r) with standard error 1/sqrt(n - 3).
//  - Spearman's rho = Pearson's r of the ranks (ties get their average rank); interval from
//    Fisher's z with standard error sqrt(1.06 / (n - 3)) (Fieller, Hartley & Pearson 1957).
//  - p-value: two-sided, from t = r sqrt((n - 2) / (1 - r^2)) with n - 2 degrees of freedom
//    (the same test scipy.stats.pearsonr and spearmanr report).
// Critical values come from Boost.Math.

#include <cstddef>
#include <span>
#include <vector>

namespace plab::stats {

struct Correlation {
  double r = 0;
  std::size_t n = 0;
  double ci_low = 0;   // NaN when n <= 3 (no interval)
  double ci_high = 0;  // NaN when n <= 3
  double p_value = 1;  // NaN when n <= 2
};

/// Needs x.size() == y.size() >= 2 and no NaN; throws InputError otherwise. r is NaN when either
/// sample has no spread.
Correlation pearson(std::span<const double> x, std::span<const double> y, double confidence = 0.95);
Correlation spearman(std::span<const double> x, std::span<const double> y, double confidence = 0.95);

/// Ranks 1..n, ties sharing their average rank.
std::vector<double> ranks(std::span<const double> values);

}  // namespace plab::stats
