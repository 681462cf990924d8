// Job rate model: batch-size schedules of the three modes, isolated and predicted times.
#include <gtest/gtest.h>

#include "core/util/error.h"
#include "plugins/cluster-scheduler/src/job.h"
#include "plugins/cluster-scheduler/src/policy.h"
#include "plugins/cluster-scheduler/tests/test_util.h"

namespace plab::cluster {
namespace {

using namespace testing;

TEST(JobModel, StaticJobTakesStepsOverThroughput) {
  const auto t = tiny_table();
  const JobModel m(job_a(0, 100), t, v100(4), {10});
  EXPECT_DOUBLE_EQ(m.total_samples(), 10000.0);
  EXPECT_NEAR(m.isolated_time(), 100.0, 1e-9);
  EXPECT_NEAR(m.remaining_time(0, 5000), 50.0, 1e-9);
  for (int e = 0; e < 10; ++e) EXPECT_EQ(m.batch_size_at(e), 10);
}

TEST(JobModel, AccordionJumpsToTheLargestBatchAfterTheCriticalEpochs) {
  const auto t = tiny_table();
  const JobModel m(job_a(0, 100, 0, 1, Mode::Accordion), t, v100(4), {10, 0.3, 0.25});
  EXPECT_EQ(m.batch_size_at(2), 10);
  EXPECT_EQ(m.batch_size_at(3), 20);
  // 3000 samples at 100/s, then 7000 at 160/s.
  EXPECT_NEAR(m.isolated_time(), 30.0 + 7000.0 / 160.0, 1e-9);
}

TEST(JobModel, GnsDoublesOnItsScheduleUpToTheLargestMeasuredBatch) {
  const auto t = tiny_table();
  const JobModel m(job_a(0, 100, 0, 1, Mode::Gns), t, v100(4), {20, 0.3, 0.25});
  EXPECT_EQ(m.batch_size_at(4), 10);  // 4/20 = 0.2 < 0.25
  EXPECT_EQ(m.batch_size_at(5), 20);  // doubled at 25%
  EXPECT_EQ(m.batch_size_at(19), 20); // capped: no 40 in the table
}

TEST(JobModel, HeterogeneousClusterUsesTheFastestTypeForIsolatedTime) {
  const auto t = tiny_table();
  const auto c = ClusterSpec::parse("k80:2,v100:2", 4);
  const JobModel m(job_a(0, 100), t, c, {10});
  EXPECT_NEAR(m.remaining_time(0, 0), 200.0, 1e-9);  // k80 half as fast
  EXPECT_NEAR(m.isolated_time(), 100.0, 1e-9);
}

TEST(JobModel, UnknownJobTypeIsRefusedWithItsName) {
  const auto t = tiny_table();
  JobSpec s = job_a(7, 10);
  s.job_type = "C (batch size 3)";
  try {
    JobModel m(s, t, v100(2), {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("C (batch size 3)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ClusterSpec::parse("v100", 4), InputError);
  EXPECT_THROW(ClusterSpec::parse("v100:x", 4), InputError);
}

TEST(JobState, DirichletPredictionUsesTheBatchSizesSeenSoFar) {
  const auto t = tiny_table();
  const JobModel m(job_a(0, 100, 0, 1, Mode::Accordion), t, v100(1), {10, 0.3, 0.25});
  JobState j;
  j.model = &m;
  j.attained.assign(1, 0);
  j.epochs_at_bs.assign(m.batch_sizes().size(), 0);
  // Before any epoch: only batch size 10 seen -> predicted as if static.
  EXPECT_NEAR(j.predicted_remaining_time(0), 100.0, 1e-9);
  // After 3 epochs at 10 and 1 at 20: posterior means (1+3)/6 and (1+1)/6 ... of 6 epochs left.
  j.samples_done = 4000;
  j.epochs_at_bs = {3, 1};
  const double epoch10 = 1000.0 / 100, epoch20 = 1000.0 / 160;
  EXPECT_NEAR(j.predicted_remaining_time(0), 6 * (4 * epoch10 + 2 * epoch20) / 6, 1e-9);
  EXPECT_NEAR(j.remaining_time(0), 6 * epoch20, 1e-9);
}

}  // namespace
}  // namespace plab::cluster
