// Gavel's round mechanism as the Shockwave artifact's simulator runs it (scheduler.py:
// _update_priorities, _reset_time_run_so_far, _schedule_jobs_on_workers_helper).
#include <algorithm>

#include "plugins/cluster-scheduler/src/policies.h"

namespace plab::cluster {

bool GavelRounds::due(const RoundView& v) {
  const int K = static_cast<int>(v.cluster->gpu_types.size());
  if (worker_time_.size() != static_cast<std::size_t>(K)) worker_time_.assign(K, 0.0);
  std::unordered_map<int, Entry> kept;
  for (const JobState* j : v.active) {
    auto it = jobs_.find(j->index);
    if (it == jobs_.end()) {  // add_job: time so far starts at half a round on every type
      Entry e;
      e.x.assign(K, 0.0);
      e.time.assign(K, v.round_len / 2);
      e.deficit.assign(K, 0.0);
      e.seen = j->attained;
      kept.emplace(j->index, std::move(e));
      continue;
    }
    Entry e = std::move(it->second);
    for (int k = 0; k < K; ++k) {  // time run since the last call (done_callback)
      const double d = j->attained[k] - e.seen[k];
      e.time[k] += d;
      worker_time_[k] += d;
    }
    e.seen = j->attained;
    kept.emplace(j->index, std::move(e));
  }
  jobs_ = std::move(kept);  // completed jobs leave (remove_job)
  if (allocation_stale(v, ids_, bs_)) pending_ = true;
  // The artifact resets freely while its last reset time is still 0 (the trace's start).
  return pending_ && (!reset_once_ || last_reset_ == 0 || v.now - last_reset_ >= min_reset_s_);
}

void GavelRounds::set_allocation(const RoundView& v, const std::vector<std::vector<double>>& X) {
  const int K = static_cast<int>(worker_time_.size());
  const double elapsed = v.now - last_reset_;
  std::fill(worker_time_.begin(), worker_time_.end(), 0.0);
  for (auto& [id, e] : jobs_) {
    for (int k = 0; k < K; ++k) {
      const double received = e.time[k] - v.round_len / 2;
      const double should = e.allocated ? e.x[k] * elapsed : 0.0;
      e.deficit[k] += should - received;
      e.time[k] = v.round_len / 2;
      worker_time_[k] += e.time[k];
    }
  }
  for (std::size_t i = 0; i < v.active.size(); ++i) {
    Entry& e = jobs_.at(v.active[i]->index);
    e.x = X[i];
    e.allocated = true;
  }
  last_reset_ = v.now;
  reset_once_ = true;
  pending_ = false;
}

std::vector<Choice> GavelRounds::order(const RoundView& v) const {
  struct Pri {
    double p, deficit, x;
    int job, k;
  };
  std::vector<Choice> out;
  const int K = static_cast<int>(worker_time_.size());
  for (int k = 0; k < K; ++k) {
    std::vector<Pri> pri;
    for (const JobState* j : v.active) {
      const Entry& e = jobs_.at(j->index);
      // Jobs that arrived after the last allocation are not placed (the artifact's
      // _schedule_jobs_on_workers skips jobs missing from the allocation).
      if (!e.allocated) continue;
      const double fraction = worker_time_[k] > 0 ? e.time[k] / worker_time_[k] : 0.0;
      double p = 0;
      if (e.x[k] > 0 && j->rate_now(k) > 0) p = fraction > 0 ? e.x[k] / fraction : e.x[k] * 1e9;
      pri.push_back({p, e.deficit[k], e.x[k], j->index, k});
    }
    std::stable_sort(pri.begin(), pri.end(), [](const Pri& a, const Pri& b) {
      if (a.p != b.p) return a.p > b.p;
      if (a.deficit != b.deficit) return a.deficit > b.deficit;
      return a.x > b.x;
    });
    for (const auto& p : pri) out.push_back({p.job, p.k});
  }
  return out;
}

}  // namespace plab::cluster
