#include "core/stats/correlation.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/util/error.h"

namespace plab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_pair(std::span<const double> x, std::span<const double> y, const char* who) {
  if (x.size() != y.size())
    throw InputError(std::string(who) + ": samples differ in length (" + std::to_string(x.size()) + " vs " +
                     std::to_string(y.size()) + ")");
  if (x.size() < 2) throw InputError(std::string(who) + ": need at least two pairs");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isnan(x[i]) || std::isnan(y[i])) throw InputError(std::string(who) + ": sample holds NaN");
}

double pearson_r(std::span<const double> x, std::span<const double> y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

Correlation finish(double r, std::size_t n, double confidence, double se_factor) {
  if (!(confidence > 0 && confidence < 1)) throw InputError("correlation: confidence must lie in (0, 1)");
  Correlation c;
  c.r = r;
  c.n = n;
  c.ci_low = c.ci_high = kNaN;
  c.p_value = kNaN;
  if (std::isnan(r)) return c;
  const double dn = static_cast<double>(n);
  if (n > 2) {
    if (std::fabs(r) >= 1.0) {
      c.p_value = 0.0;
    } else {
      const double t = r * std::sqrt((dn - 2) / (1 - r * r));
      c.p_value =
          2 * boost::math::cdf(boost::math::complement(boost::math::students_t(dn - 2), std::fabs(t)));
    }
  }
  if (n > 3) {
    const double zcrit = boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2);
    const double se = std::sqrt(se_factor / (dn - 3));
    const double rr = std::clamp(r, -1 + 1e-15, 1 - 1e-15);
    const double z = std::atanh(rr);
    c.ci_low = std::tanh(z - zcrit * se);
    c.ci_high = std::tanh(z + zcrit * se);
  }
  return c;
}

}  // namespace

std::vector<double> ranks(std::span<const double> values) {
  std::vector<std::size_t> idx(values.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return values[a] < values[b]; });
  std::vector<double> r(values.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && values[idx[j + 1]] == values[idx[i]]) ++j;
    const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

Correlation pearson(std::span<const double> x, std::span<const double> y, double confidence) {
  check_pair(x, y, "pearson");
  return finish(pearson_r(x, y), x.size(), confidence, 1.0);
}

Correlation spearman(std::span<const double> x, std::span<const double> y, double confidence) {
  check_pair(x, y, "spearman");
  const auto rx = ranks(x);
  const auto ry = ranks(y);
  return finish(pearson_r(rx, ry), x.size(), confidence, 1.06);
}

}  // namespace plab::stats
