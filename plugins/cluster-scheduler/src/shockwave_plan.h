#pragma once
// Shockwave's window plan (the artifact's dynamic_eisenberg_gale_scheduling, uw-mad-dash/shockwave
// scheduler/shockwave.py), as a pure function of the jobs' state so it can be tested alone.

#include <string>
#include <vector>

namespace plab::cluster {

/// One job as the plan sees it.
struct PlanJob {
  int gpus = 1;
  double remaining_s = 1;   // predicted remaining run time (Dirichlet posterior), seconds: the shortfall term
  double work_s = 0;        // run time to finish as the progress constraint counts it (the artifact: remaining
                            // epochs x mean epoch time so far); 0: remaining_s
  double done = 0;          // fraction of the job done, in [0, 1)
  double weight = 1;        // multiplier of the job's log utility (rho^lambda when relaxed)
  double min_planned_s = 0; // finish-time fairness: run time the window must give the job (0: none)
};

/// The window: capacity, rounds and the objective's constants.
struct PlanProblem {
  std::vector<PlanJob> jobs;
  int gpus = 1;          // cluster GPUs (capacity of a round)
  int rounds = 20;       // planned rounds R
  double round_s = 120;  // round length L
  double k = 1e-3;       // weight of the largest shortfall (seconds)
  double time_limit_s = 1;  // CBC's limit per solve
  int max_nodes = 0;        // CBC's branch-and-bound node limit per solve (0: none)
  int milp_max_jobs = 1 << 30;  // more jobs: the LP relaxation rounded down, without CBC
};

/// Rounds per job in the window and how they were found.
struct PlanResult {
  bool feasible = false;      // a plan satisfying every constraint was found
  bool by_milp = false;       // CBC returned it (else: the LP relaxation, rounded down)
  std::vector<int> rounds;    // rounds planned per job
};

/// Solves the plan: max sum_j w_j log(progress_j) / (n R) - k max_j (remaining_j - planned_j)
/// over integer rounds c_j <= min(R, ceil(remaining_j / L)) with planned_j <= L c_j, the window's
/// GPU-rounds sum_j gpus_j c_j <= G R and planned_j >= min_planned_j; log is piecewise linear on
/// {0, 0.2, ..., 1} (log 0 -> log 1e-6) with an SOS2 set per job. The artifact plans binaries
/// x_jr per round; every term depends on a job's rounds only through c_j = sum_r x_jr, and the
/// rounds are then ordered by assign_rounds (the artifact's rank step), so this is its MILP with
/// the per-round capacity enforced when the rounds are assigned. When CBC finds no plan within
/// the limit (or the jobs exceed milp_max_jobs), the LP relaxation (CLP) is rounded down.
PlanResult solve_plan(const PlanProblem& p);

/// The artifact's rank step (rank_in_schedule_jobs: each job keeps its planned round count, the
/// per-round capacity holds, higher-priority jobs run earlier), greedily: round by round, first the
/// jobs whose remaining count needs every remaining round, then the others in `order` (highest
/// priority first) while they fit. Returns the jobs (indices into counts) of each round; a job
/// that does not fit keeps fewer rounds.
std::vector<std::vector<int>> assign_rounds(const std::vector<int>& counts, const std::vector<int>& gpus,
                                            const std::vector<int>& order, int capacity, int rounds);

/// Shockwave's fair-share finish-time estimate of one job: the time-weighted average of its
/// estimates (each weighted by the rounds it held), smoothed with momentum towards the latest
/// (finish_time_momentumed_average in the artifact). Fed one estimate per re-estimation.
class FinishTimeSeries {
 public:
  void add(int round, double estimate);
  /// The smoothed estimate at `round` (>= the last add's round); the latest one if none held yet.
  double value(int round, double momentum = 0.9) const;
  bool empty() const { return n_ == 0; }

 private:
  int first_ = 0, last_ = 0, n_ = 0;
  double closed_ = 0;  // sum of estimate x rounds held, over the closed windows
  double latest_ = 0;
};

}  // namespace plab::cluster
