// Shockwave (Zheng et al., NSDI'23): a market (sum of log utilities, i.e. Nash social welfare /
// Eisenberg-Gale) extended to dynamic jobs with a plan over the next rounds, solved as a MILP with
// CBC (shockwave_plan.h). Follows the authors' artifact (uw-mad-dash/shockwave,
// scheduler/shockwave.py); README says where and how.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "plugins/cluster-scheduler/src/policies.h"
#include "plugins/cluster-scheduler/src/shockwave_plan.h"

namespace plab::cluster {
namespace {

class Shockwave final : public Policy {
 public:
  explicit Shockwave(const PolicyOptions& o) : o_(o) {}
  std::string name() const override { return "shockwave"; }

  std::vector<Choice> schedule(const RoundView& v) override {
    if (series_.size() < static_cast<std::size_t>(v.trace_jobs)) series_.resize(v.trace_jobs);
    if (v.arrivals || v.completions) reestimate(v);
    const bool expired = v.round - plan_round_ >= std::min(o_.sw_resolve_every, o_.sw_horizon);
    if (v.arrivals || v.completions || expired || plan_.empty()) solve(v);
    const int offset = v.round - plan_round_;
    const int K = static_cast<int>(v.cluster->counts.size());
    std::vector<char> planned(v.trace_jobs, 0);
    if (offset >= 0 && offset < static_cast<int>(plan_.size()))
      for (int job : plan_[offset]) planned[job] = 1;
    std::vector<const JobState*> in_plan, rest;
    for (const JobState* j : v.active) (planned[j->index] ? in_plan : rest).push_back(j);
    // Work-conserving fill: idle GPUs go to the other jobs, longest predicted remaining time first.
    std::vector<std::pair<double, const JobState*>> keyed;
    for (const JobState* j : rest) keyed.push_back({j->predicted_remaining_time(0), j});
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < keyed.size(); ++i) rest[i] = keyed[i].second;
    std::vector<Choice> out;
    for (const auto* list : {&in_plan, &rest})
      for (const JobState* j : *list)
        for (int k : types_by_speed(*j, K)) out.push_back({j->index, k});
    return out;
  }

  std::string stats() const override {
    return std::to_string(solves_) + " solves: finish-time-fairness constraint feasible in " +
           std::to_string(constrained_) + " (ruled out before solving in " +  std::to_string(ruled_out_) +
           ", infeasible for CBC/CLP in " + std::to_string(infeasible_) + "), " + std::to_string(milp_ok_) + " CBC plans, " + std::to_string(rounded_) + " LP roundings";
  }

 private:
  double share(const RoundView& v) const {
    return std::min(1.0, double(v.cluster->total()) / std::max<std::size_t>(1, v.active.size()));
  }

  // Fair-share finish time (finish_time_uniform_share): arrival + (isolated time of the epochs
  // done + predicted remaining time) / the equal share min(1, GPUs / active jobs), re-estimated
  // for every active job on arrivals and completions.
  void reestimate(const RoundView& v) {
    const double s = share(v);
    for (const JobState* j : v.active) {
      const double done_time = j->model->remaining_time(0, 0.0) - j->model->remaining_time(0, j->samples_done);
      series_[j->index].add(v.round, j->arrival() + (done_time + j->predicted_remaining_time(0)) / s);
    }
  }

  void solve(const RoundView& v) {
    ++solves_;
    const int R = o_.sw_horizon;
    const double L = v.round_len, s = share(v), rho_max = o_.sw_rho_max;
    const double window_end = v.now + R * L;
    // Per active job: remaining time, the fair-share finish time, the projected finish-time
    // ratio (now + remaining / share) / fair finish time, and the priority rho^lambda when > rho_max.
    const std::size_t na = v.active.size();
    std::vector<double> rem(na), fair(na), ratio(na), prio(na, 1.0);
    for (std::size_t i = 0; i < na; ++i) {
      const JobState& j = *v.active[i];
      if (series_[j.index].empty()) series_[j.index].add(v.round, j.arrival() + j.predicted_remaining_time(0) / s);
      rem[i] = std::max(1.0, j.predicted_remaining_time(0));
      fair[i] = series_[j.index].value(v.round, o_.sw_momentum);
      ratio[i] = (v.now + rem[i] / s) / fair[i];
      if (ratio[i] > rho_max) prio[i] = std::pow(ratio[i], rem[i] < L ? 100.0 : o_.sw_lambda);
    }
    // Jobs first in line: highest priority, then highest ratio.
    std::vector<int> order(na);
    for (std::size_t i = 0; i < na; ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return prio[a] != prio[b] ? prio[a] > prio[b] : ratio[a] > ratio[b];
    });
    const std::vector<int> sel = window(v, order, rem);
    PlanProblem p;
    p.gpus = v.cluster->total();
    p.rounds = R;
    p.round_s = L;
    p.k = o_.sw_k;
    p.time_limit_s = o_.sw_time_limit_s;
    p.max_nodes = o_.sw_max_nodes;
    p.milp_max_jobs = o_.sw_milp_max_jobs;
    std::vector<int> gpus;
    for (int i : sel) {
      const JobState& j = *v.active[i];
      PlanJob pj;
      pj.gpus = j.gpus();
      pj.remaining_s = rem[i];
      pj.done = std::min(0.999999, j.samples_done / j.model->total_samples());
      if (j.model->artifact_model()) {
        // The artifact's plan counts whole epochs (epoch_progress) and the time to finish them at the
        // mean profile epoch time so far (interpolate_epoch_duration); the shortfall uses remaining_s.
        const JobModel& m = *j.model;
        const int E = m.epochs();
        const int progress = std::min(E - 1, static_cast<int>(std::floor(j.samples_done / m.samples_per_epoch() + 1e-9)));
        const int* seen = m.profile_seen(progress + 1);
        double mean = 0;
        for (std::size_t b = 0; b < m.profile_modes().size(); ++b) mean += seen[b] * m.profile_epoch_time(0, m.profile_modes()[b]);
        mean /= progress + 1;
        pj.done = double(progress) / E;
        pj.work_s = (E - progress) * mean;
      }
      p.jobs.push_back(pj);
      gpus.push_back(pj.gpus);
    }
    // Finish-time fairness: window_end + (remaining - planned) / share <= rho_max x fair finish
    // time, with planned <= remaining (the artifact's max(0, .)), so every job's fair finish time
    // must lie beyond the window's end.
    bool possible = true;
    for (std::size_t q = 0; q < sel.size(); ++q) {
      const int i = sel[q];
      if (rho_max * fair[i] < window_end) possible = false;
      p.jobs[q].min_planned_s = std::max(0.0, rem[i] - s * (rho_max * fair[i] - window_end));
    }
    PlanResult r;
    if (possible) r = solve_plan(p);
    if (possible && !r.feasible) ++infeasible_;
    if (!possible) ++ruled_out_;
    if (r.feasible) {
      ++constrained_;
    } else {
      // Relaxed (relax_finish_time_constraints): no fairness constraint; each job's log utility
      // weighted by its priority (capped for the solver's numerics).
      for (std::size_t q = 0; q < sel.size(); ++q) {
        p.jobs[q].min_planned_s = 0;
        p.jobs[q].weight = std::min(o_.sw_weight_cap, prio[sel[q]]);
      }
      r = solve_plan(p);
    }
    if (r.by_milp) ++milp_ok_;
    else if (r.feasible) ++rounded_;
    if (std::getenv("PLAB_SW_DEBUG")) {  // the longest job's place in the plan
      int big = -1, np = 0;
      double maxp = 0;
      for (std::size_t q = 0; q < sel.size(); ++q) {
        if (big < 0 || rem[sel[q]] > rem[sel[big]]) big = static_cast<int>(q);
        np += prio[sel[q]] > 1;
        maxp = std::max(maxp, prio[sel[q]]);
      }
      if (big >= 0)
        std::printf("  t %6.0f n %3zu prio>1 %3d max prio %.3g | longest job %d rem %.0f ratio %.2f prio %.3g rounds %d %s\n",
                    v.now, sel.size(), np, maxp, v.active[sel[big]]->index, rem[sel[big]], ratio[sel[big]], prio[sel[big]],
                    r.feasible ? r.rounds[big] : -1, r.by_milp ? "milp" : "lp");
    }
    plan_round_ = v.round;
    plan_.assign(R, {});
    if (!r.feasible) return;  // the fill rule alone schedules this window
    // Rank step: rounds as early as they fit, jobs in priority order.
    std::vector<int> rank_of(na, -1);
    for (std::size_t q = 0; q < sel.size(); ++q) rank_of[sel[q]] = static_cast<int>(q);
    std::vector<int> rank_order;
    for (int i : order)
      if (rank_of[i] >= 0) rank_order.push_back(rank_of[i]);
    const auto rounds = assign_rounds(r.rounds, gpus, rank_order, p.gpus, R);
    for (int t = 0; t < R; ++t)
      for (int q : rounds[t]) plan_[t].push_back(v.active[sel[q]]->index);
    if (const char* dbg = std::getenv("PLAB_SW_WATCH")) {  // why a job is not in the plan's first round
      const int watch = std::atoi(dbg);
      for (std::size_t q = 0; q < sel.size(); ++q) {
        if (v.active[sel[q]]->index != watch) continue;
        int full = 0, full_gpus = 0;
        for (std::size_t u = 0; u < sel.size(); ++u)
          if (r.rounds[u] == R) ++full, full_gpus += gpus[u];
        const bool first = std::find(plan_[0].begin(), plan_[0].end(), watch) != plan_[0].end();
        const JobState& wj = *v.active[sel[q]];
        std::printf("  t %6.0f job %d rounds %d prio %.3g ratio %.2f rem %.0f done %.9f of %d epochs first round %d | %d jobs planned for all %d rounds use %d GPUs\n",
                    v.now, watch, r.rounds[q], prio[sel[q]], ratio[sel[q]], rem[sel[q]],
                    wj.samples_done / wj.model->total_samples(), wj.model->epochs(), first, full, R, full_gpus);
      }
    }
  }

  // The jobs the plan covers: all of them, unless sw_window_factor > 0 and their demand over the
  // window exceeds that multiple of its GPU-rounds; then the ones first in line until it is reached.
  std::vector<int> window(const RoundView& v, const std::vector<int>& order, const std::vector<double>& rem) const {
    const double cap = o_.sw_window_factor * v.cluster->total() * o_.sw_horizon;
    std::vector<int> sel;
    double demand = 0;
    for (int i : order) {
      if (o_.sw_window_factor > 0 && demand >= cap) break;
      sel.push_back(i);
      demand += v.active[i]->gpus() * std::min<double>(o_.sw_horizon, std::ceil(rem[i] / v.round_len));
    }
    std::sort(sel.begin(), sel.end());
    return sel;
  }

  PolicyOptions o_;
  std::vector<FinishTimeSeries> series_;  // by trace index
  std::vector<std::vector<int>> plan_;    // trace indices per planned round
  int plan_round_ = -1000000;
  int solves_ = 0, constrained_ = 0, ruled_out_ = 0, infeasible_ = 0, milp_ok_ = 0, rounded_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_shockwave(const PolicyOptions& opt) { return std::make_unique<Shockwave>(opt); }

}  // namespace plab::cluster
