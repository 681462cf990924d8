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
  // Seconds of a round lost by a job that did not run (on that GPU type) in the previous round,
  // as the Shockwave artifact's simulator charges them (scheduler.py simulate(): 20 s, not in the
  // first round, and only when the job would run at least round_len - 5 s of the round).
  double preempt_cost_s = 20;
  // true: a round ends when its last job stops (earlier than round_len when every job in it
  // finished), and an idle cluster jumps to the next arrival, as the artifact's simulator does;
  // false: rounds start every round_len on multiples of it.
  bool early_round_end = true;
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
