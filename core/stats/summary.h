#pragma once
// Descriptive summary of one sample, as the variability analysis reports it per device and per
// application.

#include <cstddef>
#include <span>

namespace plab::stats {

/// Count, location and spread of a sample. stddev is the sample standard deviation (divisor
/// n - 1; 0 when n == 1); cv = stddev / mean (0 when the mean is 0). Quartiles use definition 7
/// (see quantile.h).
struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;
  double cv = 0;
  double min = 0;
  double q1 = 0;
  double median = 0;
  double q3 = 0;
  double max = 0;
  double iqr() const { return q3 - q1; }
};

/// Summarises a non-empty sample without NaN (throws InputError otherwise).
Summary summarize(std::span<const double> values);

/// Arithmetic mean of a non-empty sample.
double mean(std::span<const double> values);

/// Sample variance (divisor n - 1) of a sample with at least two values.
double variance(std::span<const double> values);

}  // namespace plab::stats
