// The simulator calibrated against the Shockwave artifact's (uw-mad-dash/shockwave): its job
// model (artifact_rules.h), its restart overhead, its round ends and Gavel's allocation interval.
#include <gtest/gtest.h>

#include <numeric>

#include "plugins/cluster-scheduler/src/artifact_rules.h"
#include "plugins/cluster-scheduler/src/metrics.h"
#include "plugins/cluster-scheduler/src/policies.h"
#include "plugins/cluster-scheduler/tests/test_util.h"

namespace plab::cluster {
namespace {

using namespace testing;

TEST(ArtifactRules, EpochsFollowTheDatasetSize) {
  EXPECT_EQ(artifact::dataset_size("ResNet-18"), 50000);
  EXPECT_EQ(artifact::dataset_size("LM"), 59675);
  EXPECT_FALSE(artifact::dataset_size("A").has_value());
  // A trace row: ResNet-18 (batch size 32), 143450 steps; an epoch is ceil(50000 / 32) = 1563 steps.
  EXPECT_EQ(artifact::epochs(50000, 32, 143450), 92);
  EXPECT_EQ(artifact::epochs(117907, 8192, 44921), 2995);
}

TEST(ArtifactRules, GnsFollowsThePerModelScheduleAndItsCap) {
  // LM (batch size 10), 1 GPU: x2 from epoch 11, x4 from 21, x8 (capped at 80) from 41.
  const auto bs = artifact::simulated_batch_sizes("LM", 10, 1, Mode::Gns, 50);
  EXPECT_EQ(bs[10], 10);
  EXPECT_EQ(bs[11], 20);
  EXPECT_EQ(bs[21], 40);
  EXPECT_EQ(bs[41], 80);
  // ResNet-50 (batch size 64) doubles only after epoch 101: a 27-epoch job never changes.
  const auto r50 = artifact::simulated_batch_sizes("ResNet-50", 64, 1, Mode::Gns, 27);
  EXPECT_EQ(std::accumulate(r50.begin(), r50.end(), 0), 27 * 64);
  // No rule for 8 GPUs; and a job already at its family's largest batch size never changes.
  EXPECT_EQ(artifact::simulated_batch_sizes("LM", 10, 8, Mode::Gns, 50)[45], 10);
  EXPECT_EQ(artifact::simulated_batch_sizes("LM", 80, 1, Mode::Gns, 50)[45], 80);
  // The profile uses the job's own epoch count: later segments leave its last epoch alone.
  const auto prof = artifact::profile_batch_sizes("LM", 10, 1, Mode::Gns, 30);
  EXPECT_EQ(prof[28], 40);
  EXPECT_EQ(prof[29], 10);
}

TEST(ArtifactRules, AccordionSimulatedWithoutTheProfilesThirtyPercentFloor) {
  // ResNet-18 (batch size 32): critical for the first 10 epochs, then the largest batch (256).
  const auto sim = artifact::simulated_batch_sizes("ResNet-18", 32, 1, Mode::Accordion, 92);
  EXPECT_EQ(sim[9], 32);
  EXPECT_EQ(sim[10], 256);
  // The job's profile keeps the first 30% of its epochs critical.
  const auto prof = artifact::profile_batch_sizes("ResNet-18", 32, 1, Mode::Accordion, 92);
  EXPECT_EQ(prof[27], 32);
  EXPECT_EQ(prof[28], 256);
  // ResNet-50 is critical 10 epochs of every 30; Transformer does not adapt.
  const auto r50 = artifact::simulated_batch_sizes("ResNet-50", 32, 1, Mode::Accordion, 70);
  EXPECT_EQ(r50[15], 128);
  EXPECT_EQ(r50[35], 32);
  EXPECT_EQ(artifact::simulated_batch_sizes("Transformer", 32, 1, Mode::Accordion, 40)[30], 32);
}

TEST(ArtifactRules, JobModelTakesItsEpochsAndIsolatedTimeFromTheArtifact) {
  ThroughputTable t;
  t.set("v100", "LM (batch size 10)", 1, 100);  // 1000 samples/s
  t.set("v100", "LM (batch size 20)", 1, 60);   // 1200 samples/s
  t.set("v100", "LM (batch size 40)", 1, 35);   // 1400 samples/s
  t.set("v100", "LM (batch size 80)", 1, 20);   // 1600 samples/s
  JobSpec s;
  s.job_type = "LM (batch size 10)";
  s.total_steps = 5968.0 * 30;  // 30 epochs of ceil(59675 / 10) steps
  s.mode = Mode::Gns;
  const JobModel m(s, t, v100(1), {});
  ASSERT_TRUE(m.artifact_model());
  EXPECT_EQ(m.epochs(), 30);
  EXPECT_EQ(m.batch_size_at(11), 20);
  // Profile: epochs 0-10 and 29 at 10, 11-20 at 20, 21-28 at 40; each epoch is 59675 samples.
  const double iso = 59675.0 * (12 / 1000.0 + 10 / 1200.0 + 8 / 1400.0);
  EXPECT_NEAR(m.isolated_time(), iso, 1e-6 * iso);
  // With the rules off the job keeps the fraction-based schedule (50 epochs, gns every 25%).
  AdaptationParams off;
  off.artifact_rules = false;
  const JobModel f(s, t, v100(1), off);
  EXPECT_FALSE(f.artifact_model());
  EXPECT_EQ(f.epochs(), 50);
}

TEST(ArtifactRules, RemainingTimeIsTheArtifactsDirichletPosterior) {
  // The LM job above (30 epochs; profile: 12 epochs at batch 10, 10 at 20, 8 at 40). Prior 30 / 3 on
  // each batch size; before any progress one epoch at 10 is observed: concentrations 11, 10, 10,
  // rebased to 30 epochs, the observed one taken off; times 59,675 samples / (samples per s).
  ThroughputTable t;
  t.set("v100", "LM (batch size 10)", 1, 100);
  t.set("v100", "LM (batch size 20)", 1, 60);
  t.set("v100", "LM (batch size 40)", 1, 35);
  t.set("v100", "LM (batch size 80)", 1, 20);
  JobSpec s;
  s.job_type = "LM (batch size 10)";
  s.total_steps = 5968.0 * 30;
  s.mode = Mode::Gns;
  const JobModel m(s, t, v100(1), {});
  JobState j;
  j.model = &m;
  j.attained.assign(1, 0);
  j.epochs_at_bs.assign(m.batch_sizes().size(), 0);
  const double c10 = 30 * 11 / 31.0 - 1, c20 = 30 * 10 / 31.0, c40 = c20;
  const double expect = c10 * 59.675 + c20 * 59675 / 1200.0 + c40 * 59675 / 1400.0;  // x 30 / max(30, 30)
  EXPECT_NEAR(j.predicted_remaining_time(0), expect, 1e-6 * expect);
}

SimResult run(const std::string& policy, const std::vector<JobSpec>& specs, const ClusterSpec& c, SimOptions so,
              PolicyOptions po = {}) {
  const auto t = tiny_table();
  const auto jobs = models(specs, t, c, {10});
  auto p = make_policy(policy, po);
  SimResult r = simulate(jobs, c, *p, so);
  EXPECT_EQ(check_conservation(r), "") << policy;
  return r;
}

TEST(Simulator, RestartCostsTwentySecondsOfAFullRoundAsInTheArtifact) {
  // One GPU, FIFO: job 0 runs from the first round (no cost there) and ends at 1000 s; the round
  // ends with it, job 1 starts at 1000 and loses 20 s; job 2 (60 s) ends within its round: no cost.
  const auto r = run("fifo", {job_a(0, 1000), job_a(1, 1000), job_a(2, 60)}, v100(1), SimOptions{});
  EXPECT_DOUBLE_EQ(r.finish[0], 1000);
  EXPECT_NEAR(r.finish[1], 2020, 1e-9);
  EXPECT_NEAR(r.finish[2], 2080, 1e-9);
  // Without the calibration: rounds on multiples of 120 s and no cost.
  SimOptions old;
  old.preempt_cost_s = 0;
  old.early_round_end = false;
  const auto o = run("fifo", {job_a(0, 1000), job_a(1, 1000), job_a(2, 60)}, v100(1), old);
  EXPECT_NEAR(o.finish[1], 2080, 1e-9);
}

TEST(Simulator, FloatingPointResidueOfAJobCountsAsDone) {
  // 100 s rounds and a job of 100 s + 1e-10 s: the artifact counts whole steps, so the job ends in
  // its first round instead of waiting for a second one for a sliver of work.
  SimOptions so;
  so.round_len = 100;
  so.preempt_cost_s = 0;
  JobSpec s = job_a(0, 100);
  s.total_steps *= 1 + 1e-12;
  const auto r = run("fifo", {s}, v100(1), so);
  EXPECT_EQ(r.rounds, 1);
  EXPECT_NEAR(r.finish[0], 100, 1e-6);
}

TEST(GavelRounds, AJobArrivingAfterTheAllocationWaitsForTheResetInterval) {
  // 3 GPUs, max-min: jobs 0 and 1 get the allocations at 0 and 120; job 2 arrives at 300 and,
  // although a GPU is free, is not placed until the allocation may be recomputed (1000 s after 120).
  const std::vector<JobSpec> specs = {job_a(0, 5000), job_a(1, 5000, 100), job_a(2, 5000, 300)};
  SimOptions so;
  so.preempt_cost_s = 0;
  auto first_start = [](const SimResult& r, int job) {
    for (const auto& rec : r.records)
      if (rec.job == job) return rec.start;
    return -1.0;
  };
  const auto r = run("max-min", specs, v100(3), so);
  EXPECT_NEAR(first_start(r, 2), 1200, 1e-9);  // first round at or after 1120
  PolicyOptions every;
  every.gavel_reset_s = 0;
  const auto e = run("max-min", specs, v100(3), so, every);
  EXPECT_NEAR(first_start(e, 2), 360, 1e-9);
}

TEST(Themis, IsolatedRateIsGavelsPerJobShareDividedByItsGpus) {
  // 2 GPUs, a 1-GPU and a 2-GPU job: each gets 2/2 GPUs' worth, i.e. the 1-GPU job all of the time
  // (rate 100 samples/s) and the 2-GPU job half of it (rate 2 x 100 / 2). Equal shares of the GPUs
  // (2/3 of the time each, the previous reference) would give both 2/3 of their rate.
  const auto t = tiny_table();
  const auto c = v100(2);
  const auto jobs = models({job_a(0, 100), job_a(1, 100, 0, 2)}, t, c, {10});
  std::vector<JobState> st(2);
  RoundView v;
  v.cluster = &c;
  for (int i = 0; i < 2; ++i) {
    st[i].model = &jobs[i];
    st[i].index = i;
    v.active.push_back(&st[i]);
  }
  EXPECT_NEAR(isolated_rate(st[0], v), 100.0, 1e-9);
  EXPECT_NEAR(isolated_rate(st[1], v), 100.0, 1e-9);
}

TEST(Allox, AsTheArtifactRunsItAMatchedJobKeepsItsGpu) {
  // One GPU: job 0 (300 s) is matched at t = 0; job 1 (100 s) arrives at 10 and waits for it (the
  // artifact's AlloX is non-preemptive), then runs from 300 (no restart cost: it ends in its round).
  const std::vector<JobSpec> specs = {job_a(0, 300), job_a(1, 100, 10)};
  const auto r = run("allox", specs, v100(1), SimOptions{});
  EXPECT_DOUBLE_EQ(r.finish[0], 300);
  EXPECT_DOUBLE_EQ(r.finish[1], 400);
  // The preemptive matching runs the shorter job from the next round instead.
  PolicyOptions preemptive;
  preemptive.allox_artifact = false;
  const auto p = run("allox", specs, v100(1), SimOptions{}, preemptive);
  EXPECT_DOUBLE_EQ(p.finish[1], 220);
}

TEST(Allox, AsTheArtifactRunsItMatchesOnlyTheOldestWaitingJobs) {
  // Two GPUs, alpha = 0.2: of the 5 waiting jobs only max(0.2 x 5, 2 free GPUs) = 2, the oldest,
  // are candidates, so the two oldest run first although three later jobs are much shorter.
  // All arrive at t = 0 (in trace order, the oldest first).
  std::vector<JobSpec> specs = {job_a(0, 1000), job_a(1, 1000)};
  for (int i = 2; i < 5; ++i) specs.push_back(job_a(i, 50));
  const auto r = run("allox", specs, v100(2), SimOptions{});
  EXPECT_DOUBLE_EQ(r.finish[0], 1000);
  EXPECT_DOUBLE_EQ(r.finish[1], 1000);
  for (int i = 2; i < 5; ++i) EXPECT_GT(r.finish[i], 1000);
}

}  // namespace
}  // namespace plab::cluster
