// AlloX (Le et al., EuroSys'20): minimum average completion time by a min-cost matching of jobs
// to (GPU type, position) slots, cost = position x processing time (as Gavel implements it).
#include <algorithm>
#include <cmath>
#include <limits>

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

}  // namespace

std::unique_ptr<Policy> make_allox() { return std::make_unique<Allox>(); }

}  // namespace plab::cluster
