#include "core/stats/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/stats/quantile.h"
#include "core/util/error.h"

namespace plab::stats {

std::vector<double> bootstrap_replicates(std::span<const double> values, const Statistic& stat,
                                         std::size_t resamples, std::uint64_t seed) {
  if (values.empty()) throw InputError("bootstrap: empty sample");
  if (resamples == 0) throw InputError("bootstrap: resamples must be at least 1");
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
  std::vector<double> sample(values.size());
  std::vector<double> reps;
  reps.reserve(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& s : sample) s = values[pick(rng)];
    reps.push_back(stat(sample));
  }
  return reps;
}

Interval percentile_interval(double estimate, std::span<const double> replicates, double confidence) {
  if (!(confidence > 0 && confidence < 1)) throw InputError("bootstrap: confidence must lie in (0, 1)");
  std::vector<double> v;
  v.reserve(replicates.size());
  for (double r : replicates)
    if (!std::isnan(r)) v.push_back(r);
  if (v.empty()) throw InputError("bootstrap: no finite replicate");
  std::sort(v.begin(), v.end());
  Interval iv;
  iv.estimate = estimate;
  iv.confidence = confidence;
  iv.low = quantile_sorted(v, (1 - confidence) / 2);
  iv.high = quantile_sorted(v, (1 + confidence) / 2);
  return iv;
}

Interval bootstrap_ci(std::span<const double> values, const Statistic& stat, std::size_t resamples,
                      double confidence, std::uint64_t seed) {
  const auto reps = bootstrap_replicates(values, stat, resamples, seed);
  return percentile_interval(stat(values), reps, confidence);
}

}  // namespace plab::stats
