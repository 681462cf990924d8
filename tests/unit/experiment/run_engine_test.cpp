#include "core/experiment/run_engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "core/store/store.h"
#include "core/util/error.h"

namespace plab {
namespace {
namespace fs = std::filesystem;

class Recorder final : public RunObserver {
 public:
  void on_point(std::int64_t, const Point&) override { ++points; }
  void on_progress(std::int64_t, double f, const std::string&) override { last_progress = f; }
  void on_finished(const RunOutcome& o) override {
    std::lock_guard lock(mutex);
    finished = o.status;
  }
  std::atomic<int> points{0};
  std::atomic<double> last_progress{0};
  std::mutex mutex;
  std::optional<RunStatus> finished;
};

class RunEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry.load_from({PLAB_TEST_PLUGIN_DIR});
    dir = fs::temp_directory_path() / ("plab-engine-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  PluginRegistry registry;
  fs::path dir;
  fs::path db() const { return dir / "runs.sqlite"; }
};

TEST_F(RunEngineTest, PrepareValidatesAndFillsDefaults) {
  RunEngine engine(registry, db());
  auto p = engine.prepare({"test-counter", {{"steps", 4}}, "", 11, 0, "test"});
  EXPECT_EQ(p.params["steps"], 4);
  EXPECT_EQ(p.params["rate"], 1.5);
  EXPECT_EQ(p.target.id, "local");  // the module's first concrete target
  EXPECT_EQ(p.seed, 11u);
  EXPECT_THROW(engine.prepare({"test-counter", {{"steps", -1}}, "", {}, 0, "test"}), InputError);
  EXPECT_THROW(engine.prepare({"test-counter", {}, "csv:x", {}, 0, "test"}), InputError);
  EXPECT_THROW(engine.prepare({"nope", {}, "", {}, 0, "test"}), InputError);
}

TEST_F(RunEngineTest, CompletedRunReportsToObserverAndStore) {
  RunEngine engine(registry, db());
  Recorder rec;
  auto out = engine.run(engine.prepare({"test-counter", {{"steps", 20}}, "local", 3, 0, "test"}), nullptr, &rec);
  EXPECT_EQ(out.status, RunStatus::Completed);
  EXPECT_EQ(out.points, 20);
  EXPECT_EQ(out.metrics.at("total"), 30.0);
  EXPECT_EQ(rec.points.load(), 20);
  EXPECT_DOUBLE_EQ(rec.last_progress.load(), 1.0);
  ASSERT_TRUE(rec.finished);
  EXPECT_EQ(*rec.finished, RunStatus::Completed);
  auto store = store::Store::open(db());
  auto run = store->run(out.run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::Completed);
  EXPECT_EQ(run->seed, 3u);
  EXPECT_EQ(run->environment["origin"], "test");
  EXPECT_GT(run->ended, 0);
}

TEST_F(RunEngineTest, BackgroundRunCanBeCancelled) {
  RunEngine engine(registry, db());
  Recorder rec;
  BackgroundRun bg(engine, engine.prepare({"test-counter", {{"steps", 1000000}, {"sleep_ms", 1}}, "local", 1, 0, "test"}),
                   &rec);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (rec.points.load() < 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  bg.cancel();
  auto out = bg.wait();
  EXPECT_EQ(out.status, RunStatus::Cancelled);
  EXPECT_TRUE(bg.done());
  EXPECT_EQ(store::Store::open(db())->run(out.run_id)->status, RunStatus::Cancelled);
}

TEST_F(RunEngineTest, ModuleExceptionBecomesFailedRunNotACrash) {
  RunEngine engine(registry, db());
  auto out = engine.run(engine.prepare({"test-counter", {{"steps", 10}, {"fail_at", 2}}, "local", 1, 0, "test"}));
  EXPECT_EQ(out.status, RunStatus::Failed);
  EXPECT_EQ(out.error, "failed on purpose at step 2");
  auto store = store::Store::open(db());
  EXPECT_EQ(store->points(out.run_id).size(), 2u);
  EXPECT_EQ(store->run(out.run_id)->error, "failed on purpose at step 2");
}

TEST_F(RunEngineTest, SimulatedTargetNeedsAKnownDevice) {
  RunEngine engine(registry, db());
  EXPECT_THROW(engine.prepare({"test-counter", {}, "simulated:no-such-device", 1, 0, "test"}), InputError);
}

}  // namespace
}  // namespace plab
