// Shockwave's window plan (fairness constraint, shortfall term, rank step, fair-share series)
// on hand-built cases whose answer is known, and the policy holding a feasible fair share.
#include <gtest/gtest.h>

#include <algorithm>

#include "plugins/cluster-scheduler/src/metrics.h"
#include "plugins/cluster-scheduler/src/policies.h"
#include "plugins/cluster-scheduler/src/shockwave_plan.h"
#include "plugins/cluster-scheduler/tests/test_util.h"

namespace plab::cluster {
namespace {

using namespace testing;

// One GPU, 10 rounds of 100 s; job 0 has 500 s left, job 1 2000 s; k large: the largest
// shortfall (job 1's) decides.
PlanProblem two_jobs() {
  PlanProblem p;
  p.gpus = 1;
  p.rounds = 10;
  p.round_s = 100;
  p.k = 1.0;
  PlanJob a, b;
  a.remaining_s = 500;
  b.remaining_s = 2000;
  p.jobs = {a, b};
  return p;
}

TEST(ShockwavePlan, ShortfallTermGivesTheWindowToTheLongestJob) {
  const PlanResult r = solve_plan(two_jobs());
  ASSERT_TRUE(r.feasible);
  EXPECT_TRUE(r.by_milp);
  EXPECT_EQ(r.rounds, (std::vector<int>{0, 10}));
}

TEST(ShockwavePlan, FeasibleFairnessConstraintHolds) {
  // Job 0's fair-share finish time needs 400 s of it in this window: it gets 4 rounds although
  // the shortfall term alone would give it none.
  PlanProblem p = two_jobs();
  p.jobs[0].min_planned_s = 400;
  const PlanResult r = solve_plan(p);
  ASSERT_TRUE(r.feasible);
  EXPECT_EQ(r.rounds, (std::vector<int>{4, 6}));
}

TEST(ShockwavePlan, InfeasibleFairnessConstraintIsReported) {
  PlanProblem p = two_jobs();
  p.jobs[0].min_planned_s = 500;
  p.jobs[1].min_planned_s = 600;  // 11 rounds > 10
  EXPECT_FALSE(solve_plan(p).feasible);
}

TEST(ShockwavePlan, UtilityWeightsMoveRoundsToAJob) {
  // Small k: the log utilities decide; a large weight on job 0 gives it the rounds to finish.
  PlanProblem p = two_jobs();
  p.k = 1e-9;
  p.jobs[0].weight = 100;
  const PlanResult r = solve_plan(p);
  ASSERT_TRUE(r.feasible);
  EXPECT_EQ(r.rounds[0], 5);
}

TEST(ShockwavePlan, RankStepPutsPriorityJobsFirstWithinCapacity) {
  // 4 GPUs, 3 rounds: job 2 (priority first) takes rounds 0-1; job 0 (2 GPUs) fits beside it;
  // job 1 (4 GPUs) only where the others left a round free.
  const auto plan = assign_rounds({2, 1, 2}, {2, 4, 2}, {2, 0, 1}, 4, 3);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0], (std::vector<int>{2, 0}));
  EXPECT_EQ(plan[1], (std::vector<int>{2, 0}));
  EXPECT_EQ(plan[2], (std::vector<int>{1}));
}

TEST(ShockwavePlan, ProgressCountsTheEpochTimeNotTheDirichletEstimate) {
  // The artifact plans progress as epochs x the mean epoch time so far (work_s), while the Dirichlet
  // estimate (remaining_s) only enters the shortfall term: a job in the last of its 2 epochs whose
  // estimate has dropped to 1 s still gets the 5 rounds its 500 s epoch needs.
  PlanProblem p;
  p.gpus = 1;
  p.rounds = 20;
  p.round_s = 120;
  PlanJob j;
  j.remaining_s = 1;
  j.work_s = 500;
  j.done = 0.5;
  p.jobs = {j};
  const PlanResult r = solve_plan(p);
  ASSERT_TRUE(r.feasible);
  EXPECT_EQ(r.rounds[0], 5);
}

TEST(ShockwavePlan, RankStepKeepsEveryJobsRoundCount) {
  // 4 GPUs, 3 rounds, 2-GPU jobs planned for 1, 2 and 3 rounds (12 GPU-rounds: the window is full).
  // Priority order 0, 1, 2; job 2 needs every round, so it runs in round 0 beside job 0 although
  // it is last in line (first come, first served per job would leave it 2 rounds).
  const auto plan = assign_rounds({1, 2, 3}, {2, 2, 2}, {0, 1, 2}, 4, 3);
  EXPECT_EQ(plan[0], (std::vector<int>{2, 0}));
  EXPECT_EQ(plan[1], (std::vector<int>{1, 2}));
  EXPECT_EQ(plan[2], (std::vector<int>{1, 2}));
}

TEST(ShockwavePlan, FinishTimeSeriesIsTheArtifactsMomentumAverage) {
  FinishTimeSeries s;
  s.add(0, 100);
  EXPECT_DOUBLE_EQ(s.value(0), 100);
  EXPECT_DOUBLE_EQ(s.value(10), 100);
  s.add(10, 200);
  EXPECT_DOUBLE_EQ(s.value(10), 0.9 * 100 + 0.1 * 200);
  EXPECT_DOUBLE_EQ(s.value(20), 0.9 * (100 * 10 + 200 * 10) / 20.0 + 0.1 * 200);
}

TEST(Shockwave, KeepsAFeasibleFairShareFinishTime) {
  // One GPU, 50 s rounds, 20-round windows; jobs of 1000 s and 3000 s arrive together. Equal
  // share 1/2: fair finish times 2000 s and 6000 s. With k large the shortfall term alone would
  // run the long job first; the fairness constraint (feasible in the first window: window end +
  // (remaining - planned) / share <= fair finish time) gives the short job 500 s of the first 1000 s.
  PolicyOptions o;
  o.sw_k = 1.0;
  const auto t = tiny_table();
  const auto c = v100(1);
  const auto jobs = models({job_a(0, 1000), job_a(1, 3000)}, t, c, {10});
  auto p = make_policy("shockwave", o);
  SimOptions so;
  so.preempt_cost_s = 0;
  so.early_round_end = false;
  so.round_len = 50;
  const SimResult r = simulate(jobs, c, *p, so);
  EXPECT_EQ(check_conservation(r), "");
  double ran = 0;
  for (const auto& rec : r.records)
    if (rec.job == 0 && rec.start < 1000) ran += std::min(rec.end, 1000.0) - rec.start;
  EXPECT_GE(ran, 500);
  EXPECT_DOUBLE_EQ(r.finish[1], 4000);
  EXPECT_EQ(p->stats().find("feasible in 0 "), std::string::npos) << p->stats();
}

}  // namespace
}  // namespace plab::cluster
