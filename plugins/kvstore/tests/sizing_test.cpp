// How one memory budget is split: at budgets that are a large share of the data, the hot log's
// memory stops at its cap (hot_memory_data_fraction of the expected data) and the read cache gets
// the rest; the hot index is rounded to the nearer power of two; at small budgets nothing changes.
#include <gtest/gtest.h>

#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/store/memory_plan.h"
#include "plugins/kvstore/tests/test_dir.h"

namespace plab::kv {
namespace {

// The bench's data: 400,000 records of a 24-byte key and a 100-byte value.
Options bench_options(const std::filesystem::path& dir, double share_of_data) {
  Options o;
  o.dir = dir;
  o.expected_keys = 400000;
  o.expected_kv_bytes = 124;
  o.max_kv_bytes = 1024;  // as the YCSB backend sets it
  o.memory_budget = static_cast<std::uint64_t>(400000 * 124 * share_of_data);
  o.background = false;
  return o;
}

TEST(KvSizing, HotLogMemoryPastItsCapGoesToTheReadCache) {
  test::ScratchDir dir("sizing-cap", true);
  Options o = bench_options(dir.path, 0.5);
  const std::uint64_t cap = hot_memory_cap(o);
  ASSERT_GT(cap, 0u);
  KvStats s = KvStore::open(o)->stats();
  const double budget = static_cast<double>(o.memory_budget);
  EXPECT_LE(s.hot_log_memory_bytes, cap);
  EXPECT_GT(static_cast<double>(s.hot_log_memory_bytes), 0.6 * static_cast<double>(cap));
  // The read cache took what the hot log left: far past its 5 %.
  EXPECT_GT(static_cast<double>(s.read_cache_bytes), 0.2 * budget);
  // Logs and caches together use the budget (the hot index was 38 % of it when rounded up).
  EXPECT_GT(static_cast<double>(s.hot_log_memory_bytes + s.read_cache_bytes), 0.55 * budget);
  EXPECT_LE(s.memory_bytes, o.memory_budget);
  // The store is built from the plan that plan_memory() gives without opening anything.
  const MemoryPlan plan = plan_memory(o);
  EXPECT_EQ(plan.hot_log_memory(), s.hot_log_memory_bytes);
  EXPECT_EQ(plan.read_cache_memory(), s.read_cache_bytes);
  EXPECT_EQ(plan.address_cache_bytes / 64 * 64, s.address_cache_bytes);

  // Without the cap the hot log keeps it and the read cache stays at its 5 %.
  test::ScratchDir dir2("sizing-nocap", true);
  Options u = bench_options(dir2.path, 0.5);
  u.hot_memory_data_fraction = 0;
  KvStats t = KvStore::open(u)->stats();
  EXPECT_GT(t.hot_log_memory_bytes, cap);
  EXPECT_LT(static_cast<double>(t.read_cache_bytes), 0.06 * budget);
}

TEST(KvSizing, CapDoesNotBindAtSmallBudgets) {
  for (double share : {0.05, 0.10, 0.25}) {
    test::ScratchDir dir("sizing-small", true);
    Options o = bench_options(dir.path, share);
    Options u = o;
    u.hot_memory_data_fraction = 0;
    KvStats s = KvStore::open(o)->stats();
    KvStats t = KvStore::open(u)->stats();
    EXPECT_EQ(s.hot_log_memory_bytes, t.hot_log_memory_bytes) << share;
    EXPECT_EQ(s.read_cache_bytes, t.read_cache_bytes) << share;
    EXPECT_LT(static_cast<double>(s.read_cache_bytes), 0.06 * static_cast<double>(o.memory_budget)) << share;
    EXPECT_LE(s.memory_bytes, o.memory_budget) << share;
  }
}

}  // namespace
}  // namespace plab::kv
