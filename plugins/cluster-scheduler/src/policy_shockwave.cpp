// Shockwave (Zheng et al., NSDI'23): a market (sum of log utilities, i.e. Nash social welfare /
// Eisenberg-Gale) extended to dynamic jobs with a plan over the next rounds, solved as a MILP with
// CBC. See README for the formulation and where it follows the authors' artifact.
#include <algorithm>
#include <cmath>
#include <map>

#include "plugins/cluster-scheduler/src/lp.h"
#include "plugins/cluster-scheduler/src/policies.h"

namespace plab::cluster {
namespace {

constexpr double kBreaks[] = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};

class Shockwave final : public Policy {
 public:
  explicit Shockwave(const PolicyOptions& o) : o_(o) {}
  std::string name() const override { return "shockwave"; }

  std::vector<Choice> schedule(const RoundView& v) override {
    update_fair_finish(v);
    const bool expired = v.round - plan_round_ >= std::min(o_.sw_resolve_every, o_.sw_horizon);
    if (v.arrivals || v.completions || expired || plan_.empty()) solve(v);
    const int offset = v.round - plan_round_;
    const int K = static_cast<int>(v.cluster->counts.size());
    std::vector<Choice> out;
    std::vector<char> planned(v.trace_jobs, 0);
    if (offset >= 0 && offset < static_cast<int>(plan_.size())) {
      for (int job : plan_[offset]) planned[job] = 1;
    }
    std::vector<const JobState*> in_plan, rest;
    for (const JobState* j : v.active) (planned[j->index] ? in_plan : rest).push_back(j);
    // Work-conserving fill: idle GPUs go to the jobs with the longest remaining time first.
    std::stable_sort(rest.begin(), rest.end(), [](const JobState* a, const JobState* b) {
      return a->predicted_remaining_time(0) > b->predicted_remaining_time(0);
    });
    for (const auto* list : {&in_plan, &rest})
      for (const JobState* j : *list)
        for (int k : types_by_speed(*j, K)) out.push_back({j->index, k});
    return out;
  }

  std::string stats() const override {
    return std::to_string(solves_) + " solves: " + std::to_string(milp_ok_) + " CBC plans (" +
           std::to_string(relaxed_) + " with the fairness constraint dropped), " + std::to_string(rounded_) +
           " LP roundings";
  }

 private:
  // Fair-share finish time: arrival + (estimated isolated time) x contention, smoothed.
  void update_fair_finish(const RoundView& v) {
    double demand = 0;
    for (const JobState* j : v.active) demand += j->gpus();
    const double contention = std::max(1.0, demand / v.cluster->total());
    for (const JobState* j : v.active) {
      const double iso = j->total_attained() + j->predicted_remaining_time(0);
      const double f = j->arrival() + iso * contention;
      auto it = fair_.find(j->index);
      if (it == fair_.end()) fair_[j->index] = f;
      else it->second = o_.sw_momentum * it->second + (1 - o_.sw_momentum) * f;
    }
  }

  // The jobs the plan covers: all active jobs when their demand over the window (GPUs x rounds
  // they can use) is within sw_window_factor x the window's capacity; otherwise the ones first
  // in line (must-finish jobs, then the highest rho weight, least progress, earliest arrival)
  // until that demand is reached. The others are left to the work-conserving fill.
  std::vector<const JobState*> window_jobs(const RoundView& v, const std::vector<double>& w_all) const {
    const int R = o_.sw_horizon;
    const double cap = o_.sw_window_factor * v.cluster->total() * R;
    std::vector<int> idx(v.active.size());
    double demand = 0;
    for (std::size_t i = 0; i < idx.size(); ++i) {
      idx[i] = static_cast<int>(i);
      demand += v.active[i]->gpus() * std::min<double>(R, std::ceil(v.active[i]->predicted_remaining_time(0) / v.round_len));
    }
    std::vector<const JobState*> out(v.active.begin(), v.active.end());
    if (o_.sw_window_factor <= 0 || demand <= cap) return out;
    auto progress = [&](int i) { return v.active[i]->samples_done / v.active[i]->model->total_samples(); };
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
      if (w_all[a] != w_all[b]) return w_all[a] > w_all[b];
      return progress(a) < progress(b);
    });
    out.clear();
    demand = 0;
    for (int i : idx) {
      if (demand >= cap) break;
      out.push_back(v.active[i]);
      demand += v.active[i]->gpus() * std::min<double>(R, std::ceil(v.active[i]->predicted_remaining_time(0) / v.round_len));
    }
    std::stable_sort(out.begin(), out.end(), [](const JobState* a, const JobState* b) { return a->index < b->index; });
    return out;
  }

  void solve(const RoundView& v) {
    ++solves_;
    plan_round_ = v.round;
    const int R = o_.sw_horizon;
    const double L = v.round_len;
    // rho weights of every active job (used when the fairness constraint is dropped, and to pick the window's jobs).
    std::vector<double> w_all(v.active.size(), 1.0);
    for (std::size_t i = 0; i < v.active.size(); ++i) {
      const JobState& j = *v.active[i];
      const double fair = fair_[j.index] - j.arrival();
      const double rem = std::max(1.0, j.predicted_remaining_time(0));
      const double rho = fair > 0 ? (v.now + rem - j.arrival()) / fair : 1.0;
      if (rho > o_.sw_rho_max) w_all[i] = std::min(1e4, std::pow(rho, o_.sw_lambda));
      // must-finish jobs (deadline inside the window) come first in the window's order
      if ((fair_[j.index] * o_.sw_rho_max - v.now) / L < R) w_all[i] += 1e5;
    }
    jobs_ = window_jobs(v, w_all);
    const int n = static_cast<int>(jobs_.size());
    std::vector<double> rem(n), done(n);
    for (int i = 0; i < n; ++i) {
      const JobState& j = *jobs_[i];
      rem[i] = std::max(1.0, j.predicted_remaining_time(0));
      done[i] = j.samples_done / j.model->total_samples();
    }
    // Deadlines (in rounds) from the fair-share finish times within the horizon.
    std::vector<int> deadline(n, -1);
    bool possible = true;
    for (int i = 0; i < n; ++i) {
      const double d = (fair_[jobs_[i]->index] * o_.sw_rho_max - v.now) / L;
      if (d < R) {
        deadline[i] = static_cast<int>(std::floor(d));
        if (deadline[i] * L < rem[i]) possible = false;
      }
    }
    LpSolution s;
    if (possible) s = solve_milp(build(v, rem, done, deadline, std::vector<double>(n, 1.0)), v, false);
    if (!s.feasible) {
      ++relaxed_;
      // Relax: drop the finish-time-fairness constraint; weight jobs projected to be unfair.
      std::vector<double> w(n, 1.0);
      for (int i = 0; i < n; ++i) {
        const JobState& j = *jobs_[i];
        const double fair = fair_[j.index] - j.arrival();
        const double rho = fair > 0 ? (v.now + rem[i] - j.arrival()) / fair : 1.0;
        if (rho > o_.sw_rho_max) w[i] = std::min(1e4, std::pow(rho, o_.sw_lambda));
      }
      s = solve_milp(build(v, rem, done, std::vector<int>(n, -1), w), v, true);
    }
    plan_.assign(R, {});
    if (!s.feasible) return;  // the fill rule alone schedules this window
    for (int i = 0; i < n; ++i)
      for (int r = 0; r < R; ++r)
        if (s.x[x_[i][r]] > 0.5) plan_[r].push_back(jobs_[i]->index);
  }

  // Round the LP relaxation: in each round, jobs by decreasing fractional x_jr while GPUs last.
  LpSolution round_relaxation(const LinearProgram& lp, const RoundView& v) {
    LpSolution r = solve_lp(lp);
    if (!r.feasible) return r;
    ++rounded_;
    const int n = static_cast<int>(jobs_.size());
    for (int t = 0; t < o_.sw_horizon; ++t) {
      std::vector<int> idx(n);
      for (int i = 0; i < n; ++i) idx[i] = i;
      std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return r.x[x_[a][t]] > r.x[x_[b][t]]; });
      double free = v.cluster->total();
      std::vector<double> xr(n, 0.0);
      for (int i : idx) {
        if (r.x[x_[i][t]] < 1e-6 || jobs_[i]->gpus() > free) continue;
        xr[i] = 1;
        free -= jobs_[i]->gpus();
      }
      for (int i = 0; i < n; ++i) r.x[x_[i][t]] = xr[i];
    }
    return r;
  }

  LinearProgram build(const RoundView& v, const std::vector<double>& rem, const std::vector<double>& done,
                      const std::vector<int>& deadline, const std::vector<double>& w) {
    const int n = static_cast<int>(jobs_.size()), R = o_.sw_horizon;
    const double L = v.round_len;
    LinearProgram lp;
    lp.maximize = true;
    x_.assign(n, std::vector<int>(R));
    const int shortfall = lp.add_col(0, kInf, -o_.sw_k);
    for (int i = 0; i < n; ++i) {
      const int max_rounds = static_cast<int>(std::ceil(rem[i] / L));
      std::vector<std::pair<int, double>> sum;
      for (int r = 0; r < R; ++r) {
        x_[i][r] = lp.add_col(0, 1, 0, true);
        sum.push_back({x_[i][r], 1.0});
      }
      lp.add_row(sum, -kInf, std::min(R, max_rounds));
      // Progress after the plan: f = done + (L * rounds / rem) * (1 - done); log f as a
      // piecewise-linear function on the breakpoints, lambda in SOS2.
      std::vector<std::pair<int, double>> conv, fdef;
      LinearProgram::Sos2 sos;
      for (int b = 0; b < 6; ++b) {
        const double u = std::log(std::max(1e-6, kBreaks[b]));
        const int l = lp.add_col(0, 1, w[i] * u / n);
        conv.push_back({l, 1.0});
        fdef.push_back({l, kBreaks[b]});
        sos.cols.push_back(l);
        sos.weights.push_back(kBreaks[b] + 1);
      }
      lp.add_row(conv, 1, 1);
      for (int r = 0; r < R; ++r) fdef.push_back({x_[i][r], -L / rem[i] * (1 - done[i])});
      lp.add_row(fdef, done[i], done[i]);
      lp.sos2.push_back(std::move(sos));
      // shortfall >= remaining - planned time, in rounds
      std::vector<std::pair<int, double>> sf{{shortfall, 1.0}};
      for (int r = 0; r < R; ++r) sf.push_back({x_[i][r], 1.0});
      lp.add_row(sf, rem[i] / L, kInf);
      if (deadline[i] >= 0) {
        std::vector<std::pair<int, double>> dl;
        for (int r = 0; r < std::min(R, deadline[i]); ++r) dl.push_back({x_[i][r], L});
        lp.add_row(dl, rem[i], kInf);
      }
    }
    for (int r = 0; r < R; ++r) {
      std::vector<std::pair<int, double>> cap;
      for (int i = 0; i < n; ++i) cap.push_back({x_[i][r], double(jobs_[i]->gpus())});
      lp.add_row(cap, -kInf, v.cluster->total());
    }
    return lp;
  }

  // CBC within the time limit; when it finds no plan, the rounded LP relaxation (only for the
  // relaxed problem, whose constraints rounding down cannot break).
  LpSolution solve_milp(const LinearProgram& lp, const RoundView& v, bool may_round) {
    LpSolution s = cluster::solve_milp(lp, o_.sw_time_limit_s, 0.01);
    if (s.feasible) ++milp_ok_;
    if (!s.feasible && may_round) s = round_relaxation(lp, v);
    return s;
  }

  PolicyOptions o_;
  std::map<int, double> fair_;
  std::vector<std::vector<int>> plan_;
  std::vector<std::vector<int>> x_;
  std::vector<const JobState*> jobs_;  // the jobs of the current plan
  int plan_round_ = -1000000;
  int solves_ = 0, milp_ok_ = 0, relaxed_ = 0, rounded_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_shockwave(const PolicyOptions& opt) { return std::make_unique<Shockwave>(opt); }

}  // namespace plab::cluster
