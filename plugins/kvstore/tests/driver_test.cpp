// The YCSB driver's measurement (a run's length is when its last operation completed) and the
// f2 backend's configuration.
#include <gtest/gtest.h>

#include <cstdio>

#include "plugins/kvstore/tests/test_dir.h"
#include "plugins/kvstore/ycsb/backend.h"
#include "plugins/kvstore/ycsb/driver.h"

namespace plab {
namespace {

/// The f2 store for a few thousand keys in 8 MiB, opened in `dir`.
std::unique_ptr<ycsb::Backend> small_f2(const std::filesystem::path& dir) {
  auto backend = ycsb::make_backend("f2");
  ycsb::BackendConfig cfg;
  cfg.dir = dir;
  cfg.memory_budget = 8ull << 20;
  cfg.expected_keys = 4096;
  backend->open(cfg);
  return backend;
}

TEST(YcsbDriver, RunLengthIsTheLastOperationNotTheSamplersTick) {
  // With a 30 s trace interval the sampler ticks once, at 30 s or when the run is over; the run
  // itself (2,000 operations on 2,000 records) takes milliseconds. The run length used for
  // throughput must be the operations' own time: the old driver took the sampler's tick (>= 30 s).
  kv::test::ScratchDir dir("driver-run-length");
  auto backend = small_f2(dir.path);
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

TEST(YcsbDriver, ThroughputTraceCountsEveryOperationAndEndsAtTheLast) {
  // A tick of 2 ms over a run of tens of milliseconds: the samples' rates times their intervals
  // add up to the operations run, the last sample is at the last operation, and no interval but
  // a lone one is shorter than half a tick (the old driver ended on the sampler's wake-up, up to
  // 5 ms late, with a tail of a few milliseconds drawn as a dip).
  kv::test::ScratchDir dir("driver-trace");
  auto backend = small_f2(dir.path);
  ycsb::RunOptions opt;
  opt.workload = ycsb::WorkloadSpec::load("a");
  opt.workload.record_count = 2000;
  opt.workload.operation_count = 20000;
  opt.threads = 2;
  opt.trace_interval_s = 0.002;
  const auto r = ycsb::run_ycsb(*backend, opt);
  ASSERT_EQ(r.ops, 20000u);
  ASSERT_GE(r.trace.size(), 2u) << "the run took " << r.run_seconds << " s";
  double ops = 0, prev = 0;
  for (const auto& [t, rate] : r.trace) {
    ASSERT_GT(t, prev);
    EXPECT_GE(t - prev, opt.trace_interval_s / 2) << "at t = " << t;
    ops += rate * (t - prev);
    prev = t;
  }
  EXPECT_NEAR(ops, 20000.0, 1e-6 * 20000);
  EXPECT_DOUBLE_EQ(r.trace.back().first, r.run_seconds);
}

std::uint64_t counter(const ycsb::BackendStats& s, const std::string& name) {
  for (const auto& [n, v] : s.counters)
    if (n == name) return v;
  ADD_FAILURE() << "no counter " << name;
  return 0;
}

TEST(YcsbDriver, F2BackendTakesTheCacheSplit) {
  // 20,000 records (~2.5 MB) in a 0.5 MiB budget, YCSB-C: with an address cache, cold reads find
  // their record's address there, and those it misses find their chunk in the chunk cache; with
  // the shares set to 0 none can, and with the read cache's set to 0 no read is served from it.
  std::uint64_t hits[2] = {0, 0}, rc_hits[2] = {0, 0}, ac_hits[2] = {0, 0};
  for (int off = 0; off < 2; ++off) {
    kv::test::ScratchDir dir(off ? "driver-split-off" : "driver-split-on");
    auto backend = ycsb::make_backend("f2");
    ycsb::BackendConfig cfg;
    cfg.dir = dir.path;
    cfg.memory_budget = 512 << 10;
    cfg.expected_keys = 20000;
    cfg.kv_bytes = 124;
    cfg.read_cache_fraction = off ? 0.0 : 0.1;
    cfg.chunk_cache_fraction = off ? 0.0 : 0.3;
    cfg.address_cache_fraction = off ? 0.0 : 0.1;
    backend->open(cfg);
    ycsb::RunOptions opt;
    opt.workload = ycsb::WorkloadSpec::load("c");
    opt.workload.record_count = 20000;
    opt.workload.operation_count = 20000;
    opt.warmup_ops = 2000;
    const auto r = ycsb::run_ycsb(*backend, opt);
    ASSERT_EQ(r.ops, 20000u);
    hits[off] = counter(r.final_stats, "cc_hits");
    rc_hits[off] = counter(r.final_stats, "rc_hits");
    ac_hits[off] = counter(r.final_stats, "ac_hits");
    std::printf("split %s: chunk cache %llu, address cache %llu, read cache %llu hits\n", off ? "off" : "on",
                static_cast<unsigned long long>(hits[off]), static_cast<unsigned long long>(ac_hits[off]),
                static_cast<unsigned long long>(rc_hits[off]));
  }
  EXPECT_GT(ac_hits[0], 1000u);
  EXPECT_EQ(ac_hits[1], 0u);
  EXPECT_GT(hits[0], 1000u);
  EXPECT_EQ(hits[1], 0u);
  EXPECT_GT(rc_hits[0], 0u);
  EXPECT_EQ(rc_hits[1], 0u);
}

}  // namespace
}  // namespace plab
