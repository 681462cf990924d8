#pragma once
// Policy implementations and the helpers they share (internal to the plugin).

#include <memory>
#include <utility>
#include <vector>

#include "plugins/cluster-scheduler/src/policy.h"

namespace plab::cluster {

std::unique_ptr<Policy> make_allox();
std::unique_ptr<Policy> make_shockwave(const PolicyOptions& opt);
std::unique_ptr<Policy> make_jigsaw(const PolicyOptions& opt);

/// GPU types ordered by the job's current rate, fastest first.
std::vector<int> types_by_speed(const JobState& j, int K);
/// The job's rate under an equal share of every GPU type (Gavel's proportional allocation).
double proportional_rate(const JobState& j, const RoundView& v);
/// Gavel's round mechanism: (job, type) pairs by allocation / share received, highest first.
/// X is indexed like v.active.
std::vector<Choice> gavel_order(const RoundView& v, const std::vector<std::vector<double>>& X);
/// True (and remembers the new state) when the active set or any batch size changed.
bool allocation_stale(const RoundView& v, std::vector<int>& last_ids, std::vector<int>& last_bs);

/// Minimum-cost assignment of rows to columns (rows <= columns); returns the column of each row.
std::vector<int> hungarian(const std::vector<std::vector<double>>& cost);

}  // namespace plab::cluster

namespace plab::cluster {
/// JigSaw's SPB model (assumptions; README): progress-rate multiplier with `partitions`.
double spb_factor(int partitions, int gpus, const PolicyOptions& o);
/// The partition count (1..spb_max_partitions) with the largest factor, and that factor.
std::pair<int, double> best_spb(int gpus, const PolicyOptions& o);
}  // namespace plab::cluster
