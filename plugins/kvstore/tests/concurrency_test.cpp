// Threads operating at once with migration, compaction, checkpoints and scans (the same check the
// ThreadSanitizer build runs, see concurrency_check.h): no read sees another thread's or a stale
// value of its own keys, and no read-modify-write increment is lost.
#include <gtest/gtest.h>

#include "plugins/kvstore/tests/concurrency_check.h"
#include "plugins/kvstore/tests/test_dir.h"

namespace plab::kv {
namespace {

TEST(KvConcurrency, ThreadsWithMigrationCheckpointsAndScans) {
  test::ScratchDir dir("concurrency", true);
  EXPECT_EQ(test::run_concurrency_check(dir.path, 4, 40000), "");
}

}  // namespace
}  // namespace plab::kv
