#include "plugins/cluster-scheduler/src/shockwave_plan.h"

#include <algorithm>
#include <cmath>

#include "plugins/cluster-scheduler/src/lp.h"

namespace plab::cluster {
namespace {

constexpr double kBreaks[] = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
constexpr int kB = 6;

struct Cols {
  std::vector<int> c, p;  // rounds and planned seconds of each job
  int shortfall = 0;
};

double work(const PlanJob& j) { return j.work_s > 0 ? j.work_s : j.remaining_s; }

int max_rounds(const PlanJob& j, const PlanProblem& p) {
  return std::min(p.rounds, static_cast<int>(std::ceil(work(j) / p.round_s - 1e-9)));
}

LinearProgram build(const PlanProblem& p, Cols& cols) {
  const int n = static_cast<int>(p.jobs.size());
  const double L = p.round_s;
  LinearProgram lp;
  lp.maximize = true;
  cols.shortfall = lp.add_col(0, kInf, -p.k);
  std::vector<std::pair<int, double>> cap;
  for (int i = 0; i < n; ++i) {
    const PlanJob& j = p.jobs[i];
    const int c = lp.add_col(0, max_rounds(j, p), 0, true);
    const double w = work(j);
    const int pl = lp.add_col(std::min(j.min_planned_s, w), w, 0);
    cols.c.push_back(c);
    cols.p.push_back(pl);
    cap.push_back({c, double(j.gpus)});
    lp.add_row({{pl, 1.0}, {c, -L}}, -kInf, 0);  // planned run time fits the planned rounds
    // progress after the window: done + (1 - done) planned / remaining = sum_b B_b l_b
    std::vector<std::pair<int, double>> conv, fdef{{pl, -(1 - j.done) / w}};
    LinearProgram::Sos2 sos;
    for (int b = 0; b < kB; ++b) {
      const double u = std::log(std::max(1e-6, kBreaks[b]));
      const int l = lp.add_col(0, 1, j.weight * u / (double(n) * p.rounds));
      conv.push_back({l, 1.0});
      fdef.push_back({l, kBreaks[b]});
      sos.cols.push_back(l);
      sos.weights.push_back(b + 1.0);
    }
    lp.add_row(conv, 1, 1);
    lp.add_row(fdef, j.done, j.done);
    lp.sos2.push_back(std::move(sos));
    lp.add_row({{cols.shortfall, 1.0}, {pl, 1.0}}, j.remaining_s, kInf);  // shortfall >= remaining - planned
  }
  lp.add_row(cap, -kInf, double(p.gpus) * p.rounds);
  return lp;
}

}  // namespace

PlanResult solve_plan(const PlanProblem& p) {
  PlanResult out;
  const int n = static_cast<int>(p.jobs.size());
  out.rounds.assign(n, 0);
  if (n == 0) return out;
  // Cheap necessary condition for the fairness constraints: each job's own need, then the total.
  double need = 0;
  for (const PlanJob& j : p.jobs) {
    const int r = static_cast<int>(std::ceil(j.min_planned_s / p.round_s - 1e-9));
    if (r > max_rounds(j, p)) return out;
    need += double(j.gpus) * r;
  }
  if (need > double(p.gpus) * p.rounds) return out;
  Cols cols;
  const LinearProgram lp = build(p, cols);
  LpSolution s;
  if (n <= p.milp_max_jobs) s = solve_milp(lp, p.time_limit_s, 1e-3, {}, p.max_nodes);
  if (s.feasible) {
    out.by_milp = true;
  } else {
    s = solve_lp(lp);
    if (!s.feasible) return out;
    // Round the relaxation down; a job with a fairness need keeps the rounds it needs.
    double used = 0;
    for (int i = 0; i < n; ++i) {
      const int needed = static_cast<int>(std::ceil(p.jobs[i].min_planned_s / p.round_s - 1e-9));
      s.x[cols.c[i]] = std::max<double>(needed, std::floor(s.x[cols.c[i]] + 1e-6));
      used += p.jobs[i].gpus * s.x[cols.c[i]];
    }
    if (used > double(p.gpus) * p.rounds + 1e-9) return out;
  }
  out.feasible = true;
  for (int i = 0; i < n; ++i) out.rounds[i] = static_cast<int>(std::lround(s.x[cols.c[i]]));
  return out;
}

std::vector<std::vector<int>> assign_rounds(const std::vector<int>& counts, const std::vector<int>& gpus,
                                            const std::vector<int>& order, int capacity, int rounds) {
  std::vector<std::vector<int>> plan(rounds);
  std::vector<int> left = counts;
  for (int r = 0; r < rounds; ++r) {
    int free = capacity;
    // First the jobs that need every remaining round (the artifact's rank MILP keeps each job's
    // round count), then the others by priority.
    for (int pass = 0; pass < 2; ++pass) {
      for (int i : order) {
        const bool forced = left[i] >= rounds - r;
        if (left[i] <= 0 || forced != (pass == 0) || free < gpus[i]) continue;
        free -= gpus[i];
        plan[r].push_back(i);
        --left[i];
      }
    }
  }
  return plan;
}

void FinishTimeSeries::add(int round, double estimate) {
  if (n_ == 0) {
    first_ = round;
  } else {
    closed_ += latest_ * (round - last_);
  }
  last_ = round;
  latest_ = estimate;
  ++n_;
}

double FinishTimeSeries::value(int round, double momentum) const {
  const int span = round - first_;
  const double average = span > 0 ? (closed_ + latest_ * (round - last_)) / span : latest_;
  return momentum * average + (1 - momentum) * latest_;
}

}  // namespace plab::cluster
