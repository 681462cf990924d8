// kill -9 of a running CLI: the next open marks the run interrupted, and every sample that was
// committed before the kill is still there.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "core/store/store.h"
#include "tests/integration/process.h"

namespace plab::test {
namespace {

TEST(KillNine, RunIsInterruptedAndCommittedSamplesSurvive) {
  TempDir home;
  const auto db = home.path() / "runs.sqlite";
  pid_t pid = spawn_cli({"run", "test-counter", "--set", "steps=1000000", "--set", "sleep_ms=1", "--set",
                         "trace_per_step=100", "--db", db.string()},
                        test_env(home.path()), home.path());
  // Watch from a second connection (WAL: reading while the CLI writes) until enough is committed.
  std::int64_t seen_samples = 0, seen_points = 0, run_id = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!std::filesystem::exists(db)) continue;
    auto store = store::Store::open(db);
    auto runs = store->list_runs();
    if (runs.empty()) continue;
    ASSERT_EQ(runs[0].status, RunStatus::Running) << "a live writer must not be marked interrupted";
    run_id = runs[0].id;
    auto series = store->series(run_id);
    seen_points = static_cast<std::int64_t>(store->points(run_id).size());
    seen_samples = series.empty() ? 0 : series[0].count;
    if (seen_samples >= 20000) break;
  }
  ASSERT_GE(seen_samples, 20000) << "the run did not commit samples while running";
  kill(pid, SIGKILL);
  EXPECT_EQ(wait_child(pid), 128 + SIGKILL);

  auto store = store::Store::open(db);
  ASSERT_EQ(store->interrupted_on_open().size(), 1u);
  auto run = store->run(run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::Interrupted);
  auto series = store->series(run_id);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_GE(series[0].count, seen_samples);
  EXPECT_GE(static_cast<std::int64_t>(store->points(run_id).size()), seen_points);
  // The samples are intact: step i wrote values i at times i*100 .. i*100+99.
  auto raw = store->read_trace(run_id, "count", 0, static_cast<double>(seen_samples - 1));
  ASSERT_EQ(static_cast<std::int64_t>(raw.t.size()), seen_samples);
  for (std::size_t k = 0; k < raw.t.size(); ++k) {
    ASSERT_EQ(raw.t[k], static_cast<double>(k));
    ASSERT_EQ(raw.v[k], static_cast<double>(k / 100));
  }
  // A later open does not touch it again.
  auto again = store::Store::open(db);
  EXPECT_TRUE(again->interrupted_on_open().empty());
}

}  // namespace
}  // namespace plab::test
