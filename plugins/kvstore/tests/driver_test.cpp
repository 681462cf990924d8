// The YCSB driver's measurement: a run's length is when its last operation completed.
#include <gtest/gtest.h>

#include "plugins/kvstore/tests/test_dir.h"
#include "plugins/kvstore/ycsb/backend.h"
#include "plugins/kvstore/ycsb/driver.h"

namespace plab {
namespace {

TEST(YcsbDriver, RunLengthIsTheLastOperationNotTheSamplersTick) {
  // With a 30 s trace interval the sampler ticks once, at 30 s or when the run is over; the run
  // itself (2,000 operations on 2,000 records) takes milliseconds. The run length used for
  // throughput must be the operations' own time: the old driver took the sampler's tick (>= 30 s).
  kv::test::ScratchDir dir("driver-run-length");
  auto backend = ycsb::make_backend("f2");
  ycsb::BackendConfig cfg;
  cfg.dir = dir.path;
  cfg.memory_budget = 8ull << 20;
  cfg.expected_keys = 4096;
  backend->open(cfg);
  ycsb::RunOptions opt;
  opt.workload = ycsb::WorkloadSpec::load("c");
  opt.workload.record_count = 2000;
  opt.workload.operation_count = 2000;
  opt.threads = 2;
  opt.trace_interval_s = 30;
  const auto r = ycsb::run_ycsb(*backend, opt);
  EXPECT_EQ(r.ops, 2000u);
  EXPECT_GT(r.run_seconds, 0.0);
  EXPECT_LT(r.run_seconds, 30.0);
  EXPECT_NEAR(r.throughput, 2000.0 / r.run_seconds, 1e-6 * r.throughput);
  ASSERT_FALSE(r.trace.empty());
}

}  // namespace
}  // namespace plab
