// FIFO, Gavel's heterogeneity-aware max-min fairness, Themis finish-time fairness (as Gavel
// implements it) and the policy factory.
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/util/error.h"
#include "plugins/cluster-scheduler/src/lp.h"
#include "plugins/cluster-scheduler/src/policies.h"

namespace plab::cluster {
namespace {

/// Arrival order; each job on its fastest free GPU type first.
class Fifo final : public Policy {
 public:
  std::string name() const override { return "fifo"; }
  std::vector<Choice> schedule(const RoundView& v) override {
    std::vector<Choice> out;
    const int K = static_cast<int>(v.cluster->gpu_types.size());
    for (const JobState* j : v.active) {
      for (int k : types_by_speed(*j, K)) out.push_back({j->index, k});
    }
    return out;
  }
};

}  // namespace

std::vector<int> types_by_speed(const JobState& j, int K) {
  std::vector<int> ks(K);
  for (int k = 0; k < K; ++k) ks[k] = k;
  std::stable_sort(ks.begin(), ks.end(), [&](int a, int b) { return j.rate_now(a) > j.rate_now(b); });
  return ks;
}

double proportional_rate(const JobState& j, const RoundView& v) {
  const auto& c = *v.cluster;
  double demand = 0;
  for (const JobState* a : v.active) demand += a->gpus();
  const double share = std::min(1.0, c.total() / std::max(1.0, demand));
  double r = 0;
  for (std::size_t k = 0; k < c.counts.size(); ++k)
    r += j.rate_now(static_cast<int>(k)) * c.counts[k] / double(c.total());
  return r * share;
}

double isolated_rate(const JobState& j, const RoundView& v) {
  const auto& c = *v.cluster;
  const double m = static_cast<double>(v.active.size());
  double sum = 0, r = 0;
  for (std::size_t k = 0; k < c.counts.size(); ++k) sum += c.counts[k] / m / j.gpus();
  for (std::size_t k = 0; k < c.counts.size(); ++k)
    r += j.rate_now(static_cast<int>(k)) * (c.counts[k] / m / j.gpus()) / std::max(1.0, sum);
  return r;
}

std::vector<Choice> gavel_order(const RoundView& v, const std::vector<std::vector<double>>& X) {
  struct Pri {
    double p;
    int job, k;
  };
  std::vector<Pri> pri;
  const int K = static_cast<int>(v.cluster->gpu_types.size());
  for (std::size_t i = 0; i < v.active.size(); ++i) {
    const JobState& j = *v.active[i];
    const double elapsed = std::max(v.round_len, v.now - j.arrival());
    for (int k = 0; k < K; ++k) {
      if (X[i][k] < 1e-6) continue;
      const double received = j.attained[k] / elapsed;
      const double p = received <= 0 ? X[i][k] * 1e9 : X[i][k] / received;
      pri.push_back({p, j.index, k});
    }
  }
  std::stable_sort(pri.begin(), pri.end(), [](const Pri& a, const Pri& b) { return a.p > b.p; });
  std::vector<Choice> out;
  for (const auto& p : pri) out.push_back({p.job, p.k});
  return out;
}

bool allocation_stale(const RoundView& v, std::vector<int>& last_ids, std::vector<int>& last_bs) {
  std::vector<int> ids, bs;
  for (const JobState* j : v.active) {
    ids.push_back(j->index);
    bs.push_back(j->model->batch_size_at(j->epoch()));
  }
  const bool stale = ids != last_ids || bs != last_bs;
  last_ids = std::move(ids);
  last_bs = std::move(bs);
  return stale;
}

namespace {

/// Gavel's max-min fairness: maximise the smallest normalised, scale-factor-weighted throughput
/// (LP with CLP), then the total throughput with that minimum kept; rounds follow the
/// allocation through Gavel's priorities (allocation / share received).
class MaxMin final : public Policy {
 public:
  explicit MaxMin(double reset_s) : rounds_(reset_s) {}
  std::string name() const override { return "max-min"; }
  std::vector<Choice> schedule(const RoundView& v) override {
    if (rounds_.due(v)) rounds_.set_allocation(v, solve(v));
    return rounds_.order(v);
  }

 private:
  static std::vector<std::vector<double>> solve(const RoundView& v) {
    const int n = static_cast<int>(v.active.size()), K = static_cast<int>(v.cluster->counts.size());
    LinearProgram lp;
    lp.maximize = true;
    const int t = lp.add_col(0, kInf, 1.0);
    std::vector<std::vector<int>> x(n, std::vector<int>(K));
    std::vector<std::vector<double>> w(n, std::vector<double>(K));
    for (int i = 0; i < n; ++i) {
      const JobState& j = *v.active[i];
      const double prop = proportional_rate(j, v);
      for (int k = 0; k < K; ++k) {
        x[i][k] = lp.add_col(0, 1, 0);
        w[i][k] = j.gpus() * j.rate_now(k) / prop;
      }
    }
    for (int i = 0; i < n; ++i) {
      std::vector<std::pair<int, double>> row{{t, -1.0}};
      std::vector<std::pair<int, double>> one;
      for (int k = 0; k < K; ++k) {
        row.push_back({x[i][k], w[i][k]});
        one.push_back({x[i][k], 1.0});
      }
      lp.add_row(row, 0, kInf);
      lp.add_row(one, -kInf, 1);
    }
    for (int k = 0; k < K; ++k) {
      std::vector<std::pair<int, double>> cap;
      for (int i = 0; i < n; ++i) cap.push_back({x[i][k], double(v.active[i]->gpus())});
      lp.add_row(cap, -kInf, v.cluster->counts[k]);
    }
    LpSolution s = solve_lp(lp);
    if (!s.feasible) throw RunError("max-min: the LP has no solution");
    // Second stage: keep the minimum, use what is left (work conservation).
    const double tmin = s.x[t] * (1 - 1e-6);
    lp.col_lb[t] = tmin;
    lp.obj[t] = 0;
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < K; ++k) lp.obj[x[i][k]] = w[i][k] / v.active[i]->gpus();
    if (LpSolution s2 = solve_lp(lp); s2.feasible) s = std::move(s2);
    std::vector<std::vector<double>> X(n, std::vector<double>(K));
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < K; ++k) X[i][k] = s.x[x[i][k]];
    return X;
  }
  GavelRounds rounds_;
};

/// Themis finish-time fairness as Gavel implements it: minimise the largest
/// rho_j = (elapsed_j + remaining_j / rate_j(X)) / (total_j / proportional rate_j), by bisection
/// on rho with a feasibility LP (closed form on one GPU type), then the most throughput at it.
class Themis final : public Policy {
 public:
  explicit Themis(double reset_s) : rounds_(reset_s) {}
  std::string name() const override { return "themis"; }
  std::vector<Choice> schedule(const RoundView& v) override {
    if (rounds_.due(v)) rounds_.set_allocation(v, solve(v));
    return rounds_.order(v);
  }

 private:
  struct Need {
    double e, R, D;
  };
  struct Past {
    double samples = 0, iso_rate = 0, iso_time = 0;  // at the last solve; isolated time of the work so far
  };
  // The artifact's finish-time fairness (policies/finish_time_fairness.py, FinishTimeFairnessPolicyWithPerf):
  // rho_j = (time since arrival + remaining / rate_j(X)) / (isolated time of the work done, summed
  // at each solve's isolated rate, + remaining / isolated rate now).
  std::vector<std::vector<double>> solve(const RoundView& v) {
    const int n = static_cast<int>(v.active.size()), K = static_cast<int>(v.cluster->counts.size());
    std::vector<Need> need(n);
    std::vector<double> iso(n);
    std::unordered_map<int, Past> next;
    for (int i = 0; i < n; ++i) {
      const JobState& j = *v.active[i];
      Past p = past_.count(j.index) ? past_[j.index] : Past{};
      if (p.iso_rate > 0) p.iso_time += (j.samples_done - p.samples) / p.iso_rate;
      p.samples = j.samples_done;
      p.iso_rate = isolated_rate(j, v);
      const double R = j.model->total_samples() - j.samples_done;
      need[i] = {v.now - j.arrival(), R, p.iso_time + R / p.iso_rate};
      iso[i] = p.iso_rate;
      next[j.index] = p;
    }
    past_ = std::move(next);
    // Minimum rate each job needs so that its rho is at most t; < 0 when impossible.
    auto min_rate = [&](int i, double t) {
      const double slack = t * need[i].D - need[i].e;
      return slack <= 0 ? -1.0 : need[i].R / slack;
    };
    auto build = [&](double t, LinearProgram& lp, std::vector<std::vector<int>>& x) {
      x.assign(n, std::vector<int>(K));
      lp.maximize = true;
      for (int i = 0; i < n; ++i) {
        const JobState& j = *v.active[i];
        std::vector<std::pair<int, double>> rate, one;
        for (int k = 0; k < K; ++k) {
          x[i][k] = lp.add_col(0, 1, j.rate_now(k) / iso[i]);
          rate.push_back({x[i][k], j.rate_now(k)});
          one.push_back({x[i][k], 1.0});
        }
        lp.add_row(rate, std::max(0.0, min_rate(i, t)), kInf);
        lp.add_row(one, -kInf, 1);
      }
      for (int k = 0; k < K; ++k) {
        std::vector<std::pair<int, double>> cap;
        for (int i = 0; i < n; ++i) cap.push_back({x[i][k], double(v.active[i]->gpus())});
        lp.add_row(cap, -kInf, v.cluster->counts[k]);
      }
    };
    auto feasible = [&](double t) {
      for (int i = 0; i < n; ++i)
        if (min_rate(i, t) < 0) return false;
      if (K == 1) {
        double used = 0;
        for (int i = 0; i < n; ++i) {
          const double x = min_rate(i, t) / v.active[i]->rate_now(0);
          if (x > 1 + 1e-9) return false;
          used += x * v.active[i]->gpus();
        }
        return used <= v.cluster->counts[0] * (1 + 1e-9);
      }
      LinearProgram lp;
      std::vector<std::vector<int>> x;
      build(t, lp, x);
      return solve_lp(lp).feasible;
    };
    double hi = 1;
    for (int it = 0; it < 80 && !feasible(hi); ++it) hi *= 2;
    double lo = 0;
    for (int it = 0; it < 40 && hi - lo > 1e-4 * hi; ++it) {
      const double mid = 0.5 * (lo + hi);
      (feasible(mid) ? hi : lo) = mid;
    }
    LpSolution s;
    std::vector<std::vector<int>> x;
    for (double slack = 1e-6; slack < 1 && !s.feasible; slack *= 4) {  // numerical margin
      LinearProgram lp;
      build(hi * (1 + slack), lp, x);
      s = solve_lp(lp);
    }
    std::vector<std::vector<double>> X(n, std::vector<double>(K, 0.0));
    if (!s.feasible) {  // cannot happen unless the LP fails: fall back to equal time shares
      for (int i = 0; i < n; ++i) X[i][types_by_speed(*v.active[i], K)[0]] = 1.0;
      return X;
    }
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < K; ++k) X[i][k] = s.x[x[i][k]];
    return X;
  }
  GavelRounds rounds_;
  std::unordered_map<int, Past> past_;  // by job index
};

}  // namespace

std::vector<std::string> policy_names() { return {"fifo", "max-min", "themis", "allox", "shockwave", "jigsaw"}; }

std::unique_ptr<Policy> make_policy(const std::string& name, const PolicyOptions& opt) {
  if (name == "fifo") return std::make_unique<Fifo>();
  if (name == "max-min") return std::make_unique<MaxMin>(opt.gavel_reset_s);
  if (name == "themis") return std::make_unique<Themis>(opt.gavel_reset_s);
  if (name == "allox") return make_allox(opt);
  if (name == "shockwave") return make_shockwave(opt);
  if (name == "jigsaw") return make_jigsaw(opt);
  throw InputError("parameter 'policy': '" + name +
                   "' is not one of fifo, max-min, themis, allox, shockwave, jigsaw");
}

}  // namespace plab::cluster
