// AlloX (Le et al., EuroSys'20): minimum average completion time by a min-cost matching of jobs
// to (GPU type, position) slots, cost = position x processing time (as Gavel implements it).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "plugins/cluster-scheduler/src/policies.h"

namespace plab::cluster {

std::vector<int> hungarian(const std::vector<std::vector<double>>& a) {
  // Shortest augmenting paths with potentials (O(n^2 m)), rows 1..n, columns 1..m.
  const int n = static_cast<int>(a.size());
  if (n == 0) return {};
  const int m = static_cast<int>(a[0].size());
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1), v(m + 1);
  std::vector<int> p(m + 1), way(m + 1);
  for (int i = 1; i <= n; ++i) {
    p[0] = i;
    int j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<char> used(m + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = p[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const int j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  std::vector<int> col(n, -1);
  for (int j = 1; j <= m; ++j)
    if (p[j]) col[p[j] - 1] = j - 1;
  return col;
}

namespace {

/// Jobs' processing time is their remaining GPU-time on a type (remaining time x GPUs); each GPU
/// of a type is a machine; a job in position p of a machine adds p x its processing time to the
/// sum of completion times. Jobs run in position order (ties: shorter first).
class Allox final : public Policy {
 public:
  std::string name() const override { return "allox"; }
  std::vector<Choice> schedule(const RoundView& v) override {
    if (allocation_stale(v, ids_, bs_) || order_.empty()) order_ = solve(v);
    std::vector<Choice> out = order_;
    // Work conservation: every job on every type after the matched ones.
    const int K = static_cast<int>(v.cluster->counts.size());
    for (const JobState* j : v.active)
      for (int k : types_by_speed(*j, K)) out.push_back({j->index, k});
    return out;
  }

 private:
  static std::vector<Choice> solve(const RoundView& v) {
    const int n = static_cast<int>(v.active.size()), K = static_cast<int>(v.cluster->counts.size());
    struct Slot {
      int k, pos;
    };
    if (K == 1) {
      // Identical machines: the optimal matching is shortest processing time first (each position
      // costs p x time and positions fill round-robin), so sort instead of matching.
      std::vector<std::pair<double, int>> order;
      for (int i = 0; i < n; ++i) order.push_back({v.active[i]->remaining_time(0) * v.active[i]->gpus(), i});
      std::stable_sort(order.begin(), order.end());
      std::vector<Choice> out;
      for (const auto& [_, i] : order) out.push_back({v.active[i]->index, 0});
      return out;
    }
    std::vector<Slot> slots;
    for (int k = 0; k < K; ++k) {
      const int cap = v.cluster->counts[k];
      if (cap == 0) continue;
      const int positions = (n + cap - 1) / cap;
      for (int p = 1; p <= positions; ++p)
        for (int c = 0; c < cap; ++c) slots.push_back({k, p});
    }
    std::vector<std::vector<double>> cost(n, std::vector<double>(slots.size()));
    std::vector<std::vector<double>> proc(n, std::vector<double>(K));
    for (int i = 0; i < n; ++i) {
      for (int k = 0; k < K; ++k) proc[i][k] = v.active[i]->remaining_time(k) * v.active[i]->gpus();
      for (std::size_t s = 0; s < slots.size(); ++s) cost[i][s] = slots[s].pos * proc[i][slots[s].k];
    }
    const std::vector<int> col = hungarian(cost);
    std::vector<int> idx(n);
    for (int i = 0; i < n; ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
      const Slot &sa = slots[col[a]], &sb = slots[col[b]];
      if (sa.pos != sb.pos) return sa.pos < sb.pos;
      return proc[a][sa.k] < proc[b][sb.k];
    });
    std::vector<Choice> out;
    for (int i : idx) out.push_back({v.active[i]->index, slots[col[i]].k});
    return out;
  }
  std::vector<int> ids_, bs_;
  std::vector<Choice> order_;
};

/// AlloX as the Shockwave artifact runs it (scheduler/policies/allox.py, through Gavel's round
/// mechanism): non-preemptive. At each allocation recomputation the jobs without a whole GPU yet
/// (never matched, or multi-GPU: allocation 1/GPUs) are candidates; the oldest max(alpha x their
/// number, free workers) of them are matched to the free workers (a worker is one GPU; a job takes
/// one) by the min-cost matching with cost position x remaining time on the worker's type, and the
/// job each worker would run first gets allocation 1/GPUs there. Allocations are kept until the
/// job completes; Gavel's priorities turn them into rounds.
class AlloxArtifact final : public Policy {
 public:
  explicit AlloxArtifact(const PolicyOptions& o) : alpha_(o.allox_alpha), rounds_(o.gavel_reset_s) {}
  std::string name() const override { return "allox"; }
  std::vector<Choice> schedule(const RoundView& v) override {
    if (rounds_.due(v)) rounds_.set_allocation(v, solve(v));
    return rounds_.order(v);
  }

 private:
  std::vector<std::vector<double>> solve(const RoundView& v) {
    const int K = static_cast<int>(v.cluster->counts.size());
    std::map<int, std::vector<double>> prev;
    std::vector<int> candidates;  // positions in v.active
    std::vector<int> workers;     // GPU type of each free worker
    std::vector<int> busy(K, 0);
    for (std::size_t i = 0; i < v.active.size(); ++i) {
      const JobState& j = *v.active[i];
      const auto it = prev_.find(j.index);
      if (it != prev_.end()) prev[j.index] = it->second;
      double total = 0;
      if (it != prev_.end())
        for (double x : it->second) total += x;
      if (total == 1.0) {
        for (int k = 0; k < K; ++k) busy[k] += it->second[k] == 1.0;
      } else {
        candidates.push_back(static_cast<int>(i));
      }
    }
    prev_ = prev;  // completed jobs leave
    for (int k = 0; k < K; ++k)
      for (int c = busy[k]; c < v.cluster->counts[k]; ++c) workers.push_back(k);
    // Oldest first (v.active is in arrival order), at most max(alpha m, workers) of them.
    const int m0 = static_cast<int>(candidates.size()), n = static_cast<int>(workers.size());
    candidates.resize(std::min<std::size_t>(m0, std::max(static_cast<int>(alpha_ * m0), n)));
    const int m = static_cast<int>(candidates.size());
    auto proc = [&](int i, int k) {  // remaining steps / steps per second
      const JobState& j = *v.active[i];
      const double r = j.rate_now(k);
      return r > 0 ? (j.model->total_samples() - j.samples_done) / r : 1e18;
    };
    std::vector<int> first(n, -1);  // the job each worker runs first
    if (n > 0 && m > 0) {
      if (K == 1) {  // identical workers: the first jobs are the n shortest
        std::vector<int> idx = candidates;
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return proc(a, 0) < proc(b, 0); });
        for (int w = 0; w < n && w < m; ++w) first[w] = idx[w];
      } else {
        // Column (position p, worker w), p = 1..m counted from the end: cost p x time.
        std::vector<std::vector<double>> cost(m, std::vector<double>(static_cast<std::size_t>(n) * m));
        for (int r = 0; r < m; ++r)
          for (int p = 0; p < m; ++p)
            for (int w = 0; w < n; ++w) cost[r][p * n + w] = (p + 1) * proc(candidates[r], workers[w]);
        const std::vector<int> col = hungarian(cost);
        std::vector<int> best(n, -1);
        for (int r = 0; r < m; ++r) {
          const int w = col[r] % n, p = col[r] / n;
          if (p > best[w]) {
            best[w] = p;
            first[w] = candidates[r];
          }
        }
      }
    }
    std::vector<std::vector<double>> X(v.active.size(), std::vector<double>(K, 0.0));
    for (std::size_t i = 0; i < v.active.size(); ++i) {
      const auto it = prev_.find(v.active[i]->index);
      if (it != prev_.end()) X[i] = it->second;
    }
    for (int w = 0; w < n; ++w)
      if (first[w] >= 0) X[first[w]][workers[w]] = 1.0 / v.active[first[w]]->gpus();
    for (std::size_t i = 0; i < v.active.size(); ++i) prev_[v.active[i]->index] = X[i];
    return X;
  }
  double alpha_;
  GavelRounds rounds_;
  std::map<int, std::vector<double>> prev_;  // allocation by job index
};

}  // namespace

std::unique_ptr<Policy> make_allox(const PolicyOptions& opt) {
  if (opt.allox_artifact) return std::make_unique<AlloxArtifact>(opt);
  return std::make_unique<Allox>();
}

}  // namespace plab::cluster
