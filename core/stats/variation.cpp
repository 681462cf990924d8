#include "core/stats/variation.h"

#include <algorithm>

#include "core/stats/quantile.h"
#include "core/util/error.h"

namespace plab::stats {

std::vector<double> normalise_to_median(std::span<const double> values) {
  const double m = median(values);
  if (m == 0) throw InputError("normalise_to_median: the median is 0");
  std::vector<double> out;
  out.reserve(values.size());
  for (double x : values) out.push_back(x / m);
  return out;
}

BoxStats box_stats(std::span<const double> values, double k) {
  const auto v = sorted_copy(values, "box_stats");
  BoxStats b;
  b.q1 = quantile_sorted(v, 0.25);
  b.median = quantile_sorted(v, 0.5);
  b.q3 = quantile_sorted(v, 0.75);
  b.lower_fence = b.q1 - k * b.iqr();
  b.upper_fence = b.q3 + k * b.iqr();
  b.min = v.front();
  b.max = v.back();
  // Whiskers: the most extreme observations still inside the fences (matplotlib / seaborn).
  auto lo = std::lower_bound(v.begin(), v.end(), b.lower_fence);
  auto hi = std::upper_bound(v.begin(), v.end(), b.upper_fence);
  b.lower_whisker = lo != v.end() ? *lo : b.q1;
  b.upper_whisker = hi != v.begin() ? *(hi - 1) : b.q3;
  return b;
}

const char* to_string(Variation v) {
  switch (v) {
    case Variation::Fences:
      return "fences";
    case Variation::Whiskers:
      return "whiskers";
    case Variation::Range:
      return "range";
  }
  return "fences";
}

Variation variation_from_string(const std::string& s) {
  if (s == "fences") return Variation::Fences;
  if (s == "whiskers") return Variation::Whiskers;
  if (s == "range") return Variation::Range;
  throw InputError("variation definition '" + s + "': expected fences, whiskers or range");
}

double variation_percent(const BoxStats& b, Variation def) {
  if (b.median == 0) throw InputError("variation: the median is 0");
  double span = 0;
  switch (def) {
    case Variation::Fences:
      span = b.upper_fence - b.lower_fence;
      break;
    case Variation::Whiskers:
      span = b.upper_whisker - b.lower_whisker;
      break;
    case Variation::Range:
      span = b.max - b.min;
      break;
  }
  return span / b.median * 100.0;
}

double variation_percent(std::span<const double> values, Variation def) {
  return variation_percent(box_stats(values), def);
}

}  // namespace plab::stats
