#include "core/stats/variation.h"

#include <algorithm>
#include <cmath>

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
  // Selection instead of a sort: O(n), which matters when the bootstrap calls this thousands of
  // times on tens of thousands of devices.
  if (values.empty()) throw InputError("box_stats: empty sample");
  std::vector<double> v(values.begin(), values.end());
  for (double x : v)
    if (std::isnan(x)) throw InputError("box_stats: sample holds NaN");
  BoxStats b;
  b.q1 = quantile_select(v, 0.25);
  b.median = quantile_select(v, 0.5);
  b.q3 = quantile_select(v, 0.75);
  b.lower_fence = b.q1 - k * b.iqr();
  b.upper_fence = b.q3 + k * b.iqr();
  const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  b.min = *mn;
  b.max = *mx;
  // Whiskers: the most extreme observations still inside the fences (matplotlib / seaborn).
  b.lower_whisker = b.q1;
  b.upper_whisker = b.q3;
  for (double x : v) {
    if (x >= b.lower_fence && x < b.lower_whisker) b.lower_whisker = x;
    if (x <= b.upper_fence && x > b.upper_whisker) b.upper_whisker = x;
  }
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
