#include "core/stats/quantile.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace plab::stats {

std::vector<double> sorted_copy(std::span<const double> values, const char* who) {
  if (values.empty()) throw InputError(std::string(who) + ": empty sample");
  std::vector<double> v(values.begin(), values.end());
  for (double x : v)
    if (std::isnan(x)) throw InputError(std::string(who) + ": sample holds NaN");
  std::sort(v.begin(), v.end());
  return v;
}

double quantile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw InputError("quantile: empty sample");
  if (!(p >= 0.0 && p <= 1.0)) throw InputError("quantile: p = " + std::to_string(p) + ", expected 0..1");
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

double quantile_select(std::span<double> v, double p) {
  if (v.empty()) throw InputError("quantile: empty sample");
  if (!(p >= 0.0 && p <= 1.0)) throw InputError("quantile: p = " + std::to_string(p) + ", expected 0..1");
  const double h = static_cast<double>(v.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

double quantile(std::span<const double> values, double p) {
  const auto v = sorted_copy(values, "quantile");
  return quantile_sorted(v, p);
}

double median(std::span<const double> values) { return quantile(values, 0.5); }

double mad(std::span<const double> values) {
  const double m = median(values);
  std::vector<double> dev;
  dev.reserve(values.size());
  for (double x : values) dev.push_back(std::fabs(x - m));
  return median(dev);
}

}  // namespace plab::stats
