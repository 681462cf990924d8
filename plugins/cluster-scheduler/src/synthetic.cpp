#include "plugins/cluster-scheduler/src/synthetic.h"

#include <cmath>

#include "core/sim/random_streams.h"
#include "core/util/error.h"

namespace plab::cluster {

std::vector<JobSpec> generate_trace(const SyntheticParams& p, const ThroughputTable& table,
                                    const std::vector<std::string>& gpu_types, std::uint64_t seed) {
  if (p.jobs < 1) throw InputError("parameter 'synthetic_jobs' must be >= 1");
  if (!(p.min_hours > 0) || p.max_hours < p.min_hours)
    throw InputError("parameters 'synthetic_min_hours'/'synthetic_max_hours': need 0 < min <= max");
  if (p.gpu_sizes.size() != p.gpu_probs.size() || p.mode_probs.size() != 3)
    throw InputError("synthetic trace: GPU sizes and probabilities differ in length, or modes are not 3");
  sim::RandomStreams rs(seed);
  std::vector<std::vector<std::string>> types(p.gpu_sizes.size());
  for (std::size_t i = 0; i < p.gpu_sizes.size(); ++i) {
    for (const auto& t : table.job_types(gpu_types)) {
      bool ok = true;
      for (const auto& g : gpu_types) ok = ok && table.steps_per_s(g, t, p.gpu_sizes[i]).has_value();
      ok = ok && table.steps_per_s(p.reference_gpu, t, p.gpu_sizes[i]).has_value();
      if (ok) types[i].push_back(t);
    }
    if (types[i].empty())
      throw InputError("synthetic trace: no job type of the table runs with " + std::to_string(p.gpu_sizes[i]) + " GPUs");
  }
  std::vector<JobSpec> jobs;
  double t = 0;
  for (int i = 0; i < p.jobs; ++i) {
    if (i > 0 && p.jobs_per_hour > 0) t += rs.exponential("arrivals", 3600.0 / p.jobs_per_hour);
    JobSpec s;
    s.id = i;
    s.arrival = std::round(t);
    const std::size_t g = rs.categorical("gpus", p.gpu_probs);
    s.num_gpus = p.gpu_sizes[g];
    s.job_type = types[g][static_cast<std::size_t>(rs.uniform("types") * types[g].size())];
    s.mode = static_cast<Mode>(rs.categorical("modes", p.mode_probs));
    const double lo = std::log(p.min_hours), hi = std::log(p.max_hours);
    s.duration = std::exp(lo + (hi - lo) * rs.uniform("durations")) * 3600.0;
    s.total_steps = std::max(1.0, std::round(*table.steps_per_s(p.reference_gpu, s.job_type, s.num_gpus) * s.duration));
    jobs.push_back(s);
  }
  return jobs;
}

}  // namespace plab::cluster
