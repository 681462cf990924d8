// JigSaw (arXiv 2111.10672): structured partial back-propagation (SPB) and a scheduler aware of
// it. The paper's text is not at hand: the SPB cost model below is our assumption, every constant
// a parameter (README, "JigSaw assumptions").
#include <algorithm>
#include <cmath>

#include "plugins/cluster-scheduler/src/policies.h"

namespace plab::cluster {

/// Progress-rate multiplier of SPB with `partitions` for a job on `gpus` GPUs: the iteration
/// speeds up because each worker back-propagates (and exchanges gradients) through 1/P of the
/// network, while convergence needs (1 + penalty x (P - 1)) times the iterations.
double spb_factor(int partitions, int gpus, const PolicyOptions& o) {
  const double comm = gpus > 1 ? o.spb_comm_share : 0.0;
  const double backward = std::max(0.0, 1.0 - o.spb_forward_share - comm);
  const double P = std::max(1, partitions);
  const double iteration = o.spb_forward_share + (backward + comm) / P;
  return (1.0 / iteration) / (1.0 + o.spb_penalty * (P - 1));
}

/// The best partition count of a job and its factor.
std::pair<int, double> best_spb(int gpus, const PolicyOptions& o) {
  int best = 1;
  double f = 1.0;
  for (int P = 2; P <= o.spb_max_partitions; ++P) {
    const double g = spb_factor(P, gpus, o);
    if (g > f) {
      f = g;
      best = P;
    }
  }
  return {best, f};
}

namespace {

/// Each round: every job gets its best SPB level; jobs are packed smallest remaining GPU-time
/// (under SPB) first, each on its fastest free GPU type, so short jobs leave and the GPUs stay busy.
class Jigsaw final : public Policy {
 public:
  explicit Jigsaw(const PolicyOptions& o) : o_(o) {}
  std::string name() const override { return "jigsaw"; }
  std::vector<Choice> schedule(const RoundView& v) override {
    const int K = static_cast<int>(v.cluster->counts.size());
    struct Item {
      double key;
      const JobState* j;
      double f;
    };
    std::vector<Item> items;
    for (const JobState* j : v.active) {
      const double f = best_spb(j->gpus(), o_).second;
      double t = 1e300;
      for (int k = 0; k < K; ++k) t = std::min(t, j->remaining_time(k));
      items.push_back({t / f * j->gpus(), j, f});
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
    std::vector<Choice> out;
    for (const Item& it : items)
      for (int k : types_by_speed(*it.j, K)) out.push_back({it.j->index, k, it.f});
    return out;
  }

 private:
  PolicyOptions o_;
};

}  // namespace

std::unique_ptr<Policy> make_jigsaw(const PolicyOptions& opt) { return std::make_unique<Jigsaw>(opt); }

}  // namespace plab::cluster
