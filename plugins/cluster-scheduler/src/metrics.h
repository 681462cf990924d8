#pragma once
// Run metrics of a simulation: makespan, completion times, finish-time fairness, utilisation.

#include <vector>

#include "plugins/cluster-scheduler/src/simulator.h"

namespace plab::cluster {

/// Shockwave's metrics (rho = JCT / (isolated time x max(1, jobs / GPUs)); unfair if rho > 1.05).
struct Metrics {
  double makespan = 0;     // last completion - first arrival (s)
  double avg_jct = 0, p99_jct = 0, median_jct = 0;
  double worst_rho = 0, avg_rho = 0;
  double unfair_fraction = 0;  // of jobs with rho > 1.05
  double utilisation = 0;      // busy GPU-seconds / (GPUs x makespan)
  std::vector<double> jct, rho;
};

Metrics compute_metrics(const SimResult& r, double unfair_threshold = 1.05);

/// Conservation checks over a finished simulation: no GPU used by two jobs in a round, every
/// job's progress adds up to its total exactly once. Returns an empty string when they hold,
/// else what failed.
std::string check_conservation(const SimResult& r);

}  // namespace plab::cluster
