#include "core/stats/repeatability.h"

#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace plab::stats {

Repeatability repeatability(const std::vector<std::vector<double>>& groups) {
  Repeatability r;
  double total = 0;
  std::vector<double> means;
  double sum_n2 = 0;
  for (const auto& g : groups) {
    if (g.empty()) throw InputError("repeatability: a group is empty");
    double s = 0;
    for (double x : g) {
      if (std::isnan(x)) throw InputError("repeatability: sample holds NaN");
      s += x;
    }
    total += s;
    means.push_back(s / static_cast<double>(g.size()));
    r.observations += g.size();
    sum_n2 += static_cast<double>(g.size()) * static_cast<double>(g.size());
  }
  r.groups = groups.size();
  if (r.groups < 2) throw InputError("repeatability: need at least two devices");
  if (r.observations <= r.groups) throw InputError("repeatability: need a device with repeated runs");

  const double N = static_cast<double>(r.observations);
  const double k = static_cast<double>(r.groups);
  r.grand_mean = total / N;
  double ssb = 0, ssw = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    ssb += static_cast<double>(groups[i].size()) * (means[i] - r.grand_mean) * (means[i] - r.grand_mean);
    for (double x : groups[i]) ssw += (x - means[i]) * (x - means[i]);
  }
  r.ms_between = ssb / (k - 1);
  r.ms_within = ssw / (N - k);
  const double inf = std::numeric_limits<double>::infinity();
  if (r.ms_within > 0) {
    r.f_statistic = r.ms_between / r.ms_within;
    r.p_value = boost::math::cdf(boost::math::complement(boost::math::fisher_f(k - 1, N - k), r.f_statistic));
  } else {
    r.f_statistic = r.ms_between > 0 ? inf : 0;
    r.p_value = r.ms_between > 0 ? 0 : 1;
  }
  const double n0 = (N - sum_n2 / N) / (k - 1);
  const double denom = r.ms_between + (n0 - 1) * r.ms_within;
  r.icc = denom > 0 ? (r.ms_between - r.ms_within) / denom : 0;

  double mean_of_means = 0;
  for (double m : means) mean_of_means += m;
  mean_of_means /= k;
  double ssm = 0;
  for (double m : means) ssm += (m - mean_of_means) * (m - mean_of_means);
  const double across_sd = std::sqrt(ssm / (k - 1));
  if (r.grand_mean != 0) {
    r.within_cv = std::sqrt(r.ms_within) / std::fabs(r.grand_mean);
    r.across_cv = across_sd / std::fabs(r.grand_mean);
  }
  r.ratio = r.within_cv > 0 ? r.across_cv / r.within_cv : (r.across_cv > 0 ? inf : 0);
  return r;
}

}  // namespace plab::stats
