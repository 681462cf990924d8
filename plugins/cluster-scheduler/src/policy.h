#pragma once
// What a scheduling policy sees each round and what it answers.

#include <memory>
#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/job.h"

namespace plab::cluster {

/// A job's state during a simulation.
struct JobState {
  const JobModel* model = nullptr;
  int index = 0;                 // position in the trace
  double samples_done = 0;
  double finish = -1;            // completion time, -1 while running
  std::vector<double> attained;  // seconds run per GPU type
  std::vector<int> epochs_at_bs; // epochs completed at each of model->batch_sizes()
  int last_type = -1;            // GPU type it ran on last round, -1 if it did not run
  int rounds_run = 0;
  double steps_done = 0;         // at the batch size of each epoch
  double arrival() const { return model->spec().arrival; }
  int gpus() const { return model->spec().num_gpus; }
  int epoch() const { return model->epoch_of(samples_done); }
  /// Seconds per sample-rate at the current epoch on type k (samples/s).
  double rate_now(int k) const { return model->rate(k, epoch()); }
  /// Time left on type k if it ran from now on that type alone, following its true schedule.
  double remaining_time(int k) const { return model->remaining_time(k, samples_done); }
  /// Shockwave's prediction of the time left on type k: the remaining epochs times the expected
  /// epoch time under a Dirichlet posterior (prior 1 per batch size seen so far) over the batch sizes.
  double predicted_remaining_time(int k) const;
  double total_attained() const;
};

/// One round's view of the cluster and the jobs waiting or running in it.
struct RoundView {
  double now = 0;
  int round = 0;
  double round_len = 120;
  const ClusterSpec* cluster = nullptr;
  std::vector<JobState*> active;  // arrived and unfinished, in arrival order
  bool arrivals = false;          // jobs arrived since the last round
  bool completions = false;       // jobs finished since the last round
  int trace_jobs = 0;             // jobs in the whole trace
};

/// A job the policy wants to run this round, on a GPU type, at a rate multiplier (1 unless the
/// policy changes how the job trains, as JigSaw's SPB does).
struct Choice {
  int job = 0;  // JobState::index
  int gpu_type = 0;
  double rate_factor = 1.0;
};

/// A scheduling policy: each round it answers jobs in the order it wants them placed. The
/// simulator places them in that order while GPUs of the type are free (each job at most once, on
/// all its GPUs or not at all).
class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string name() const = 0;
  virtual std::vector<Choice> schedule(const RoundView& view) = 0;
  /// A line of solver statistics for benchmarks (empty when the policy has none).
  virtual std::string stats() const { return {}; }
};

/// Policy options the module exposes.
struct PolicyOptions {
  // Gavel's round mechanism (max-min, themis): the allocation is recomputed, when the active set
  // or a batch size changed, at most every gavel_reset_s (scheduler.py
  // minimum_time_between_allocation_resets, 1000 s in the Shockwave artifact's simulations).
  double gavel_reset_s = 1000;
  // AlloX: true as the Shockwave artifact runs it (non-preemptive, the oldest max(alpha m, free
  // GPUs) unallocated jobs matched, Gavel's round mechanism); false: preemptive, every job matched
  // every time the active set changes.
  bool allox_artifact = true;
  double allox_alpha = 0.2;
  // Shockwave (per the artifact; see README)
  int sw_horizon = 20;          // planned rounds
  int sw_resolve_every = 8;     // rounds between re-solves without arrivals or completions
  double sw_k = 1e-3;           // weight of the largest shortfall (seconds) of planned against remaining time
  double sw_lambda = 12;        // exponent of the rho penalty when the fairness constraint is dropped
  double sw_rho_max = 1.0;
  double sw_weight_cap = 1e6;   // cap on the rho^lambda utility weights (solver numerics)
  double sw_time_limit_s = 5;   // CBC time limit per solve (a safety net: the node limit ends solves first)
  int sw_max_nodes = 300;       // CBC node limit per solve (0: none): plans that do not depend on the machine's load
  int sw_milp_max_jobs = 200;   // plans of more jobs: LP relaxation rounded down (CBC's root exceeds the limit)
  double sw_momentum = 0.9;     // smoothing of fair-share finish times
  double sw_window_factor = 0;  // plan at most the jobs whose window demand is this x the window's GPU-rounds (0: all)
  // JigSaw SPB model (assumptions; see README)
  double spb_forward_share = 0.33;  // forward pass share of an iteration's time
  double spb_comm_share = 0.2;      // gradient exchange share (multi-GPU jobs)
  double spb_penalty = 0.15;        // extra iterations per extra partition (statistical cost)
  int spb_max_partitions = 4;
};

/// fifo | max-min | themis | allox | shockwave | jigsaw; throws InputError for other names.
std::unique_ptr<Policy> make_policy(const std::string& name, const PolicyOptions& opt);
std::vector<std::string> policy_names();

}  // namespace plab::cluster
