#include "core/stats/summary.h"

#include <cmath>

#include "core/stats/quantile.h"
#include "core/util/error.h"

namespace plab::stats {

double mean(std::span<const double> values) {
  if (values.empty()) throw InputError("mean: empty sample");
  // Two-pass with compensation is unnecessary at our sizes; a plain sum in double is exact
  // enough for samples of a few million values of similar magnitude.
  double s = 0;
  for (double x : values) s += x;
  return s / static_cast<double>(values.size());
}

double variance(std::span<const double> values) {
  if (values.size() < 2) throw InputError("variance: need at least two values");
  const double m = mean(values);
  double ss = 0;
  for (double x : values) ss += (x - m) * (x - m);
  return ss / static_cast<double>(values.size() - 1);
}

Summary summarize(std::span<const double> values) {
  const auto v = sorted_copy(values, "summarize");
  Summary s;
  s.n = v.size();
  s.mean = mean(v);
  s.stddev = v.size() > 1 ? std::sqrt(variance(v)) : 0.0;
  s.cv = s.mean != 0 ? s.stddev / s.mean : 0.0;
  s.min = v.front();
  s.max = v.back();
  s.q1 = quantile_sorted(v, 0.25);
  s.median = quantile_sorted(v, 0.5);
  s.q3 = quantile_sorted(v, 0.75);
  return s;
}

}  // namespace plab::stats
