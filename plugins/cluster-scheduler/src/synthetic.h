#pragma once
// Synthetic traces in the style of Gavel's and Shockwave's generators.

#include <cstdint>
#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/job.h"

namespace plab::cluster {

/// Generator parameters (defaults: Shockwave's traces, see README).
struct SyntheticParams {
  int jobs = 120;
  double jobs_per_hour = 12;          // Poisson arrival rate; 0: every job at t = 0
  double min_hours = 0.2, max_hours = 5;  // isolated durations, log-uniform between these
  std::vector<int> gpu_sizes{1, 2, 4, 8};
  std::vector<double> gpu_probs{0.6, 0.3, 0.09, 0.01};
  std::vector<double> mode_probs{0.0, 0.5, 0.5};  // static, accordion, gns
  std::string reference_gpu = "v100";  // durations are converted to steps on this GPU type
};

/// Draws a trace; job types are drawn uniformly from those of the table that run with the drawn
/// GPU count on every one of `gpu_types`. Same seed, same trace. Throws InputError on bad params.
std::vector<JobSpec> generate_trace(const SyntheticParams& p, const ThroughputTable& table,
                                    const std::vector<std::string>& gpu_types, std::uint64_t seed);

}  // namespace plab::cluster
