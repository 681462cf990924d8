#pragma once
// Policy implementations and the helpers they share (internal to the plugin).

#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugins/cluster-scheduler/src/policy.h"

namespace plab::cluster {

std::unique_ptr<Policy> make_allox(const PolicyOptions& opt);
std::unique_ptr<Policy> make_shockwave(const PolicyOptions& opt);
std::unique_ptr<Policy> make_jigsaw(const PolicyOptions& opt);

/// GPU types ordered by the job's current rate, fastest first.
std::vector<int> types_by_speed(const JobState& j, int K);
/// The job's rate under an equal share of every GPU type (Gavel's proportional allocation).
double proportional_rate(const JobState& j, const RoundView& v);
/// The job's rate under Gavel's isolated allocation (policies/isolated.py), Themis' reference:
/// each type's GPUs / active jobs / the job's GPU count, scaled so the time fractions sum to <= 1.
double isolated_rate(const JobState& j, const RoundView& v);
/// Gavel's round mechanism: (job, type) pairs by allocation / share received, highest first.
/// X is indexed like v.active.
std::vector<Choice> gavel_order(const RoundView& v, const std::vector<std::vector<double>>& X);
/// True (and remembers the new state) when the active set or any batch size changed.
bool allocation_stale(const RoundView& v, std::vector<int>& last_ids, std::vector<int>& last_bs);

/// Gavel's round mechanism as the Shockwave artifact's simulator runs it: the allocation X is
/// recomputed only when the active set or a batch size changed and at least `min_reset_s` passed
/// since the last recomputation; each round jobs are taken per GPU type by priority
/// X / (share of the time run on the type since that recomputation), then deficit, then X; jobs
/// that arrived after the last recomputation are not placed.
class GavelRounds {
 public:
  explicit GavelRounds(double min_reset_s) : min_reset_s_(min_reset_s) {}
  /// Accounts the time each job ran since the last call; true when a new allocation is due.
  bool due(const RoundView& v);
  /// Installs X (indexed like v.active) and restarts the time shares, carrying the deficits.
  void set_allocation(const RoundView& v, const std::vector<std::vector<double>>& X);
  /// This round's (job, type) pairs, best first.
  std::vector<Choice> order(const RoundView& v) const;

 private:
  struct Entry {
    std::vector<double> x, time, deficit, seen;  // per GPU type
    bool allocated = false;
  };
  double min_reset_s_;
  std::unordered_map<int, Entry> jobs_;  // by job index
  std::vector<double> worker_time_;
  double last_reset_ = 0;
  bool reset_once_ = false, pending_ = true;
  std::vector<int> ids_, bs_;
};

/// Minimum-cost assignment of rows to columns (rows <= columns); returns the column of each row.
std::vector<int> hungarian(const std::vector<std::vector<double>>& cost);

}  // namespace plab::cluster

namespace plab::cluster {
/// JigSaw's SPB model (assumptions; README): progress-rate multiplier with `partitions`.
double spb_factor(int partitions, int gpus, const PolicyOptions& o);
/// The partition count (1..spb_max_partitions) with the largest factor, and that factor.
std::pair<int, double> best_spb(int gpus, const PolicyOptions& o);
}  // namespace plab::cluster
