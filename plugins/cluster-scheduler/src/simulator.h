#pragma once
// The round-based cluster simulator (Gavel/Shockwave style) on the discrete-event kernel.

#include <functional>
#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/policy.h"

namespace plab::cluster {

/// Simulation settings.
struct SimOptions {
  double round_len = 120;        // seconds per scheduling round
  double preempt_cost_s = 0;     // seconds lost when a job (re)starts or changes GPU type
  double max_time = 1e9;         // stop (error) when the simulated time passes this
};

/// A job's placement in one round.
struct RoundRecord {
  int job = 0;
  int gpu_type = 0;
  double start = 0, end = 0;     // end < start + round_len when it finished in the round
  double samples = 0;            // progress made
  std::vector<int> gpus;         // global GPU ids used
};

/// What a simulation produced: per-job completion times and every round's placements.
struct SimResult {
  std::vector<double> finish;     // per job (trace order)
  std::vector<double> isolated;   // per job: isolated run time
  std::vector<double> arrival;
  std::vector<int> gpus;          // per job: GPUs it needs
  std::vector<double> samples_done, total_samples;
  std::vector<RoundRecord> records;
  std::vector<double> round_start, round_busy;  // per round: start time, busy GPUs
  int total_gpus = 0;
  int rounds = 0;
  double busy_gpu_seconds = 0;
  double policy_seconds = 0;      // wall time spent in the policy
};

/// Runs `jobs` on the cluster under `policy`. `progress` (optional) gets the fraction of jobs done
/// and may throw to stop. Throws RunError when a policy answers an impossible placement.
SimResult simulate(const std::vector<JobModel>& jobs, const ClusterSpec& cluster, Policy& policy,
                   const SimOptions& opt, const std::function<void(double)>& progress = {});

}  // namespace plab::cluster
