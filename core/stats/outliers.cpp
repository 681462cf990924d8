#include "core/stats/outliers.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

#include "core/stats/quantile.h"
#include "core/stats/variation.h"
#include "core/util/error.h"

namespace plab::stats {

std::size_t count(const std::vector<bool>& flags) {
  return static_cast<std::size_t>(std::count(flags.begin(), flags.end(), true));
}

std::vector<bool> tukey_outliers(std::span<const double> values, double k) {
  const BoxStats b = box_stats(values, k);
  std::vector<bool> out;
  out.reserve(values.size());
  for (double x : values) out.push_back(x < b.lower_fence || x > b.upper_fence);
  return out;
}

std::vector<double> modified_z_scores(std::span<const double> values) {
  const double m = median(values);
  const double d = mad(values);
  std::vector<double> z;
  z.reserve(values.size());
  for (double x : values) z.push_back(d > 0 ? 0.6745 * (x - m) / d : 0.0);
  return z;
}

std::vector<bool> modified_z_outliers(std::span<const double> values, double threshold) {
  std::vector<bool> out;
  for (double z : modified_z_scores(values)) out.push_back(std::fabs(z) > threshold);
  return out;
}

EsdResult generalized_esd(std::span<const double> values, std::size_t max_outliers, double alpha) {
  const std::size_t n = values.size();
  if (n < 3) throw InputError("generalized_esd: need at least 3 values");
  if (!(alpha > 0 && alpha < 1)) throw InputError("generalized_esd: alpha must lie in (0, 1)");
  (void)sorted_copy(values, "generalized_esd");  // rejects NaN
  const std::size_t r = std::min(max_outliers, n - 2);

  std::vector<std::size_t> alive(n);
  std::iota(alive.begin(), alive.end(), 0);
  EsdResult res;
  std::vector<std::size_t> removed;
  for (std::size_t i = 1; i <= r; ++i) {
    double mean = 0;
    for (auto j : alive) mean += values[j];
    mean /= static_cast<double>(alive.size());
    double ss = 0;
    for (auto j : alive) ss += (values[j] - mean) * (values[j] - mean);
    const double sd = std::sqrt(ss / static_cast<double>(alive.size() - 1));
    auto worst = alive.begin();
    for (auto it = alive.begin(); it != alive.end(); ++it)
      if (std::fabs(values[*it] - mean) > std::fabs(values[*worst] - mean)) worst = it;
    res.statistic.push_back(sd > 0 ? std::fabs(values[*worst] - mean) / sd : 0.0);

    const double ni = static_cast<double>(n - i + 1);  // size before this removal
    const double p = 1.0 - alpha / (2.0 * ni);
    const double dof = ni - 2.0;
    const double t = boost::math::quantile(boost::math::students_t(dof), p);
    res.critical.push_back((ni - 1.0) * t / std::sqrt((dof + t * t) * ni));

    removed.push_back(*worst);
    alive.erase(worst);
  }
  for (std::size_t i = r; i > 0; --i)
    if (res.statistic[i - 1] > res.critical[i - 1]) {
      res.outliers = i;
      break;
    }
  res.flags.assign(n, false);
  for (std::size_t i = 0; i < res.outliers; ++i) res.flags[removed[i]] = true;
  return res;
}

}  // namespace plab::stats
