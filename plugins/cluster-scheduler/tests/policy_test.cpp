// Each policy on hand-built cases whose schedule is known, and conservation for all of them.
#include <gtest/gtest.h>

#include <algorithm>

#include "plugins/cluster-scheduler/src/metrics.h"
#include "plugins/cluster-scheduler/src/policies.h"
#include "plugins/cluster-scheduler/src/synthetic.h"
#include "plugins/cluster-scheduler/tests/test_util.h"

namespace plab::cluster {
namespace {

using namespace testing;

SimResult run(const std::string& policy, const std::vector<JobSpec>& specs, const ClusterSpec& c, double round,
              PolicyOptions po = {}, double preempt = 0) {
  const auto t = tiny_table();
  const auto jobs = models(specs, t, c, {10});
  auto p = make_policy(policy, po);
  SimOptions so;
  so.preempt_cost_s = 0;
  so.early_round_end = false;
  so.round_len = round;
  so.preempt_cost_s = preempt;
  so.early_round_end = false;  // hand-built schedules on the round grid (the calibration: calibration_test)
  SimResult r = simulate(jobs, c, *p, so);
  EXPECT_EQ(check_conservation(r), "") << policy;
  return r;
}

TEST(Fifo, RunsInArrivalOrderAndFinishesMidRound) {
  const auto r = run("fifo", {job_a(0, 100), job_a(1, 100), job_a(2, 100)}, v100(2), 120);
  EXPECT_DOUBLE_EQ(r.finish[0], 100);
  EXPECT_DOUBLE_EQ(r.finish[1], 100);
  EXPECT_DOUBLE_EQ(r.finish[2], 220);  // waits for the second round
  const Metrics m = compute_metrics(r);
  EXPECT_DOUBLE_EQ(m.makespan, 220);
  EXPECT_NEAR(m.utilisation, 300.0 / (2 * 220), 1e-12);
}

TEST(Fifo, GangJobWaitsForAllItsGpusAndArrivalsWaitForTheNextRound) {
  // 2 GPUs: a 2-GPU job arriving at t=10 starts at the round at 50, after the 1-GPU job ends.
  const auto r = run("fifo", {job_a(0, 40), job_a(1, 30, 10, 2)}, v100(2), 50);
  EXPECT_DOUBLE_EQ(r.finish[0], 40);
  EXPECT_DOUBLE_EQ(r.finish[1], 80);
}

TEST(MaxMin, TwoEqualJobsOnOneGpuShareItEqually) {
  const auto r = run("max-min", {job_a(0, 100), job_a(1, 100)}, v100(1), 10);
  EXPECT_NEAR(std::min(r.finish[0], r.finish[1]), 190, 1e-9);
  EXPECT_NEAR(std::max(r.finish[0], r.finish[1]), 200, 1e-9);
  const auto fifo = run("fifo", {job_a(0, 100), job_a(1, 100)}, v100(1), 10);
  EXPECT_DOUBLE_EQ(fifo.finish[0], 100);
}

TEST(MaxMin, GivesEqualGpuSharesToJobsOfDifferentSizes) {
  // Gavel's max-min weights throughput by scale factor: a 2-GPU job and two 1-GPU jobs on 2 GPUs
  // each get a third of the GPU-time; after 600 s every job has run 400 GPU-seconds.
  const auto r = run("max-min", {job_a(0, 10000, 0, 2), job_a(1, 10000), job_a(2, 10000)}, v100(2), 10);
  double gpu_time[3] = {0, 0, 0};
  for (const auto& rec : r.records)
    if (rec.start < 600) gpu_time[rec.job] += (rec.end - rec.start) * rec.gpus.size();
  EXPECT_NEAR(gpu_time[0], 400, 20);
  EXPECT_NEAR(gpu_time[1], 400, 20);
  EXPECT_NEAR(gpu_time[2], 400, 20);
}

TEST(MaxMin, HeterogeneityAwareAllocationEqualisesNormalisedThroughput) {
  // X gains 10x from a v100, Y only 2x. Gavel's LP (each job at most all of the time, each type
  // at most its GPUs) gives X half the v100 and half the k80 and Y the complement: both get
  // exactly their proportional-share throughput (X: 0.5*10 + 0.5*1 = 5.5 = (10+1)/2 steps/s).
  ThroughputTable t;
  t.set("v100", "X", 1, 10);
  t.set("k80", "X", 1, 1);
  t.set("v100", "Y", 1, 2);
  t.set("k80", "Y", 1, 1);
  const auto c = ClusterSpec::parse("v100:1,k80:1", 1);
  JobSpec x{0, "X", 1, 20000, 0, Mode::Static, -1}, y{1, "Y", 1, 3000, 0, Mode::Static, -1};
  std::vector<JobModel> jobs{JobModel(x, t, c, {10}), JobModel(y, t, c, {10})};
  auto p = make_policy("max-min", {});
  SimOptions so;
  so.preempt_cost_s = 0;
  so.early_round_end = false;
  so.round_len = 10;
  const SimResult r = simulate(jobs, c, *p, so);
  EXPECT_EQ(check_conservation(r), "");
  double x_time[2] = {0, 0}, y_time[2] = {0, 0};
  const double horizon = std::min(r.finish[0], r.finish[1]);
  for (const auto& rec : r.records) {
    if (rec.start >= horizon) continue;
    (rec.job == 0 ? x_time : y_time)[rec.gpu_type] += rec.end - rec.start;
  }
  EXPECT_NEAR(x_time[0] / horizon, 0.5, 0.02);
  EXPECT_NEAR(x_time[1] / horizon, 0.5, 0.02);
  EXPECT_NEAR(y_time[0] / horizon, 0.5, 0.02);
  // Y finishes its 3000 steps at 1.5 steps/s.
  EXPECT_NEAR(r.finish[1], 2000, 20);
}

TEST(Themis, LowersTheWorstFinishTimeFairnessBelowFifo) {
  // One long job ahead of many short ones: FIFO makes the short ones wait (rho >> 1).
  std::vector<JobSpec> specs{job_a(0, 2000)};
  for (int i = 1; i <= 6; ++i) specs.push_back(job_a(i, 100, 1));
  const auto fifo = compute_metrics(run("fifo", specs, v100(1), 50));
  const auto themis = compute_metrics(run("themis", specs, v100(1), 50));
  EXPECT_LT(themis.worst_rho, 0.6 * fifo.worst_rho) << themis.worst_rho << " vs " << fifo.worst_rho;
}

TEST(Allox, RunsShortestProcessingTimeFirst) {
  PolicyOptions preemptive;
  preemptive.allox_artifact = false;
  const auto r = run("allox", {job_a(0, 300), job_a(1, 100), job_a(2, 200)}, v100(1), 100, preemptive);
  EXPECT_DOUBLE_EQ(r.finish[1], 100);
  EXPECT_DOUBLE_EQ(r.finish[2], 300);
  EXPECT_DOUBLE_EQ(r.finish[0], 600);
  const auto m = compute_metrics(r);
  EXPECT_NEAR(m.avg_jct, (100 + 300 + 600) / 3.0, 1e-9);
}

TEST(Hungarian, FindsTheMinimumCostAssignment) {
  const std::vector<std::vector<double>> c{{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
  const auto col = hungarian(c);
  EXPECT_EQ(col, (std::vector<int>{1, 0, 2}));
}

TEST(Shockwave, PlansWithCbcAndIsWorkConserving) {
  // 1 GPU, total work 500 s: any work-conserving schedule ends at 500.
  const auto r = run("shockwave", {job_a(0, 400), job_a(1, 100)}, v100(1), 100);
  EXPECT_DOUBLE_EQ(std::max(r.finish[0], r.finish[1]), 500);
}

TEST(Shockwave, FairnessConstraintBoundsTheWorstRho) {
  std::vector<JobSpec> specs{job_a(0, 2000)};
  for (int i = 1; i <= 6; ++i) specs.push_back(job_a(i, 100, 1));
  const auto fifo = compute_metrics(run("fifo", specs, v100(1), 50));
  const auto sw = compute_metrics(run("shockwave", specs, v100(1), 50));
  EXPECT_LT(sw.worst_rho, fifo.worst_rho);
  EXPECT_LE(sw.makespan, fifo.makespan + 50);
}

TEST(Jigsaw, SpbSpeedsAJobUpByTheModelledFactor) {
  PolicyOptions o;
  EXPECT_DOUBLE_EQ(spb_factor(1, 1, o), 1.0);
  const double f2 = (1.0 / (0.33 + 0.67 / 2)) / 1.15;
  EXPECT_NEAR(spb_factor(2, 1, o), f2, 1e-12);
  const auto [P, f] = best_spb(1, o);
  EXPECT_GE(P, 2);
  EXPECT_GE(f, f2);
  const auto r = run("jigsaw", {job_a(0, 100)}, v100(1), 1000);
  EXPECT_NEAR(r.finish[0], 100 / f, 1e-6);
  o.spb_penalty = 10;  // SPB never pays: plain training
  EXPECT_EQ(best_spb(1, o).first, 1);
}

TEST(Preemption, RestartsCostTime) {
  // Two jobs alternate on one GPU under max-min; each restart loses 2 s of a 10 s round.
  const auto r = run("max-min", {job_a(0, 40), job_a(1, 40)}, v100(1), 10, {}, 2);
  EXPECT_GT(std::max(r.finish[0], r.finish[1]), 80 + 2 * 8 - 1e-9);
}

TEST(Conservation, EveryPolicyOnAMixedSyntheticTrace) {
  const auto t = tiny_table();
  ThroughputTable big = t;
  for (int sf : {2, 4}) {
    big.set("v100", "A (batch size 10)", sf, 10.0 * sf);
    big.set("v100", "A (batch size 20)", sf, 8.0 * sf);
  }
  SyntheticParams sp;
  sp.jobs = 24;
  sp.jobs_per_hour = 40;
  sp.min_hours = 0.05;
  sp.max_hours = 0.5;
  sp.gpu_sizes = {1, 2, 4};
  sp.gpu_probs = {0.6, 0.3, 0.1};
  const auto c = v100(8);
  const auto specs = generate_trace(sp, big, c.gpu_types, 11);
  std::vector<JobModel> jobs;
  for (const auto& s : specs) jobs.emplace_back(s, big, c, AdaptationParams{});
  PolicyOptions po;
  po.sw_time_limit_s = 0.2;  // keep the test fast; the plan's quality is not what is checked here
  for (const auto& name : policy_names()) {
    auto p = make_policy(name, po);
    SimResult r;
    try {
      r = simulate(jobs, c, *p, {});
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": " << e.what();
      continue;
    }
    EXPECT_EQ(check_conservation(r), "") << name;
    const auto m = compute_metrics(r);
    EXPECT_GT(m.utilisation, 0.1) << name;
    EXPECT_LE(m.utilisation, 1.0 + 1e-9) << name;
  }
}

}  // namespace
}  // namespace plab::cluster

namespace plab::cluster {
namespace {

TEST(Conservation, EveryPolicyOnAHeterogeneousCluster) {
  // Two GPU types: the max-min and Themis LPs and AlloX's matching take their multi-type paths.
  const auto t = testing::tiny_table();
  SyntheticParams sp;
  sp.jobs = 16;
  sp.jobs_per_hour = 60;
  sp.min_hours = 0.05;
  sp.max_hours = 0.3;
  sp.gpu_sizes = {1};
  sp.gpu_probs = {1.0};
  const auto c = ClusterSpec::parse("v100:2,k80:3", 2);
  const auto specs = generate_trace(sp, t, c.gpu_types, 3);
  std::vector<JobModel> jobs;
  for (const auto& s : specs) jobs.emplace_back(s, t, c, AdaptationParams{});
  PolicyOptions po;
  po.sw_time_limit_s = 0.2;  // keep the test fast; the plan's quality is not what is checked here
  for (const auto& name : policy_names()) {
    auto p = make_policy(name, po);
    SimResult r;
    try {
      r = simulate(jobs, c, *p, {});
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": " << e.what();
      continue;
    }
    EXPECT_EQ(check_conservation(r), "") << name;
  }
}

TEST(Allox, MatchingOnTwoGpuTypesPutsTheJobThatGainsMostOnTheFastType) {
  // One v100 and one k80. X: 100 s on v100, 1000 s on k80; Y: 100 s on v100, 150 s on k80.
  ThroughputTable t;
  t.set("v100", "X", 1, 10);
  t.set("k80", "X", 1, 1);
  t.set("v100", "Y", 1, 10);
  t.set("k80", "Y", 1, 10.0 / 1.5);
  const auto c = ClusterSpec::parse("v100:1,k80:1", 1);
  JobSpec x{0, "X", 1, 1000, 0, Mode::Static, -1}, y{1, "Y", 1, 1000, 0, Mode::Static, -1};
  std::vector<JobModel> jobs{JobModel(x, t, c, {10}), JobModel(y, t, c, {10})};
  PolicyOptions preemptive;
  preemptive.allox_artifact = false;
  auto p = make_policy("allox", preemptive);
  SimOptions so;
  so.preempt_cost_s = 0;
  so.early_round_end = false;
  so.round_len = 50;
  const SimResult r = simulate(jobs, c, *p, so);
  EXPECT_DOUBLE_EQ(r.finish[0], 100);
  // Y ran 100 s on the k80 (2/3 of its work); once X is done it moves to the v100 for the rest.
  EXPECT_NEAR(r.finish[1], 100 + 1000.0 / 3 / 10, 1e-6);
}

}  // namespace
}  // namespace plab::cluster
