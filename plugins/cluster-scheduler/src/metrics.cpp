#include "plugins/cluster-scheduler/src/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

namespace plab::cluster {
namespace {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(v.size() - 1, lo + 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

}  // namespace

Metrics compute_metrics(const SimResult& r, double unfair_threshold) {
  Metrics m;
  const std::size_t n = r.finish.size();
  if (n == 0) return m;
  const double contention = std::max(1.0, double(n) / std::max(1, r.total_gpus));
  double first = 1e300, last = 0, sum = 0, sum_rho = 0;
  int unfair = 0;
  for (std::size_t i = 0; i < n; ++i) {
    first = std::min(first, r.arrival[i]);
    last = std::max(last, r.finish[i]);
    const double jct = r.finish[i] - r.arrival[i];
    const double rho = jct / (r.isolated[i] * contention);
    m.jct.push_back(jct);
    m.rho.push_back(rho);
    sum += jct;
    sum_rho += rho;
    m.worst_rho = std::max(m.worst_rho, rho);
    if (rho > unfair_threshold) ++unfair;
  }
  m.makespan = last - first;
  m.avg_jct = sum / n;
  m.avg_rho = sum_rho / n;
  m.p99_jct = quantile(m.jct, 0.99);
  m.median_jct = quantile(m.jct, 0.5);
  m.unfair_fraction = double(unfair) / n;
  m.utilisation = m.makespan > 0 ? r.busy_gpu_seconds / (r.total_gpus * m.makespan) : 0;
  return m;
}

std::string check_conservation(const SimResult& r) {
  std::map<double, std::set<int>> used;  // round start -> GPUs in use
  std::vector<double> progress(r.finish.size(), 0.0);
  for (const auto& rec : r.records) {
    auto& s = used[rec.start];
    for (int g : rec.gpus) {
      if (g < 0 || g >= r.total_gpus) return "GPU id " + std::to_string(g) + " out of range";
      if (!s.insert(g).second)
        return "GPU " + std::to_string(g) + " double-booked in the round at t=" + std::to_string(rec.start);
    }
    if (static_cast<int>(rec.gpus.size()) != r.gpus[rec.job])
      return "job " + std::to_string(rec.job) + " ran on " + std::to_string(rec.gpus.size()) + " GPUs, needs " +
             std::to_string(r.gpus[rec.job]);
    if (rec.start < r.arrival[rec.job] - 1e-9) return "job " + std::to_string(rec.job) + " ran before it arrived";
    if (r.finish[rec.job] >= 0 && rec.start > r.finish[rec.job] + 1e-9)
      return "job " + std::to_string(rec.job) + " ran after it finished";
    progress[rec.job] += rec.samples;
  }
  for (std::size_t i = 0; i < progress.size(); ++i) {
    if (r.finish[i] < 0) return "job " + std::to_string(i) + " never finished";
    if (std::abs(progress[i] - r.total_samples[i]) > 1e-6 * r.total_samples[i])
      return "job " + std::to_string(i) + ": progress " + std::to_string(progress[i]) + " != total " +
             std::to_string(r.total_samples[i]);
  }
  return {};
}

}  // namespace plab::cluster
