#pragma once
// Repeatability: is a device's own run-to-run spread small against the spread between devices?
// If so, the differences between devices are real properties of the devices, not noise.
//
// From a one-way random-effects ANOVA over groups (one group = one device's repeated runs):
//   MS_between = sum n_i (mean_i - grand)^2 / (k - 1),  MS_within = sum (x - mean_i)^2 / (N - k)
//   F = MS_between / MS_within (p-value from Fisher's F(k-1, N-k), Boost.Math)
//   ICC(1) = (MS_between - MS_within) / (MS_between + (n0 - 1) MS_within), with
//   n0 = (N - sum n_i^2 / N) / (k - 1) for unequal group sizes (Shrout & Fleiss 1979; McGraw &
//   Wong 1996, case 1).
// Alongside: within-device CV = sqrt(MS_within) / grand mean, across-device CV = standard
// deviation of the group means / grand mean, and their ratio (across / within; > 1 means devices
// differ by more than runs on one device do).

#include <cstddef>
#include <vector>

namespace plab::stats {

struct Repeatability {
  std::size_t groups = 0;
  std::size_t observations = 0;
  double grand_mean = 0;
  double ms_between = 0;
  double ms_within = 0;
  double f_statistic = 0;
  double p_value = 1;
  double icc = 0;
  double within_cv = 0;
  double across_cv = 0;
  double ratio = 0;  // across_cv / within_cv; +inf when within_cv is 0 and across_cv is not
};

/// Needs at least two non-empty groups and more observations than groups (some device with a
/// repeated run); throws InputError otherwise.
Repeatability repeatability(const std::vector<std::vector<double>>& groups);

}  // namespace plab::stats
