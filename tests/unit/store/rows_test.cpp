// Round trips of every kind of row a run stores, run listing filters and bulk queries.
#include <gtest/gtest.h>

#include <cmath>

#include "core/util/error.h"
#include "unit/store/store_test_util.h"

namespace plab::store {
namespace {

using testing::TempDir;

class StoreRows : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir / "runs.sqlite");
};

TEST_F(StoreRows, RunRecordRoundTrip) {
  NewRun nr = testing::demo_run();
  nr.seed = 0xFFFFFFFFFFFFFFF0ull;  // above INT64_MAX: stored by its bit pattern
  nr.environment = {{"core_version", "0.1.0"}, {"os", "Linux"}};
  nr.sweep_id = store->create_sweep("demo", {{"batch", {16, 32}}});
  auto w = store->start_run(nr);
  auto running = store->run(w->run_id());
  ASSERT_TRUE(running);
  EXPECT_EQ(running->status, RunStatus::Running);
  EXPECT_EQ(running->ended, 0);
  EXPECT_GT(running->pid, 0);
  EXPECT_FALSE(running->host.empty());
  w->progress(0.5, "half way");
  EXPECT_DOUBLE_EQ(store->run(w->run_id())->progress, 0.5);
  EXPECT_EQ(store->run(w->run_id())->message, "half way");
  w->finish(RunStatus::Failed, "out of memory");
  auto r = store->run(w->run_id());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->module, "demo");
  EXPECT_EQ(r->module_version, "1.2.3");
  EXPECT_EQ(r->target, "simulated:jetson-agx-orin");
  EXPECT_EQ(r->seed, 0xFFFFFFFFFFFFFFF0ull);
  EXPECT_EQ(r->status, RunStatus::Failed);
  EXPECT_EQ(r->params, nr.params);
  EXPECT_EQ(r->environment, nr.environment);
  EXPECT_EQ(r->sweep_id, nr.sweep_id);
  EXPECT_EQ(r->error, "out of memory");
  EXPECT_GT(r->created, 1.6e9);
  EXPECT_GE(r->ended, r->started);
  store->set_tags(r->id, {"baseline", "gpu"});
  store->set_notes(r->id, "first try");
  r = store->run(r->id);
  EXPECT_EQ(r->tags, (std::vector<std::string>{"baseline", "gpu"}));
  EXPECT_EQ(r->notes, "first try");
  EXPECT_FALSE(store->run(r->id + 100));
  EXPECT_THROW(store->set_notes(r->id + 100, "x"), StoreError);
}

TEST_F(StoreRows, PointsMetricsLogsErrorsRoundTrip) {
  auto w = store->start_run(testing::demo_run());
  const auto id = w->run_id();
  w->point({{{"batch", 16}, {"freq", 1.2}}, {{"energy_j", 3.5}, {"latency_ms", 20}}, true, "default"});
  w->point({{{"batch", 64}}, {{"energy_j", std::nan("")}, {"latency_ms", 9}}, false, ""});
  w->metric("energy_j", 1.0);
  w->metric("energy_j", 2.0);  // the last value wins
  w->metric("speedup", std::numeric_limits<double>::infinity());
  w->log(LogLevel::Warning, "throttling");
  w->log(LogLevel::Debug, "");
  w->error("solver", "did not converge");
  w->finish(RunStatus::Completed);

  auto pts = store->points(id);
  ASSERT_EQ(pts.size(), 2u);
  EXPECT_EQ(pts[0].seq, 0);
  EXPECT_EQ(pts[1].seq, 1);
  EXPECT_EQ(pts[0].run_id, id);
  EXPECT_EQ(pts[0].point.config, nlohmann::json({{"batch", 16}, {"freq", 1.2}}));
  EXPECT_DOUBLE_EQ(pts[0].point.metrics.at("energy_j"), 3.5);
  EXPECT_TRUE(pts[0].point.feasible);
  EXPECT_EQ(pts[0].point.label, "default");
  EXPECT_TRUE(std::isnan(pts[1].point.metrics.at("energy_j")));
  EXPECT_FALSE(pts[1].point.feasible);
  EXPECT_GE(pts[1].t, pts[0].t);
  EXPECT_GE(pts[0].t, 0);

  auto m = store->metrics(id);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "energy_j");
  EXPECT_DOUBLE_EQ(m[0].value, 2.0);
  EXPECT_TRUE(std::isinf(m[1].value));

  auto logs = store->logs(id);
  ASSERT_EQ(logs.size(), 2u);
  EXPECT_EQ(logs[0].level, LogLevel::Warning);
  EXPECT_EQ(logs[0].message, "throttling");
  EXPECT_EQ(logs[1].level, LogLevel::Debug);
  auto errs = store->errors(id);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].source, "solver");
  EXPECT_EQ(errs[0].message, "did not converge");
  EXPECT_EQ(store->run(id)->progress, 1.0);
}

TEST_F(StoreRows, ArtifactsAreCopiedIntoTheStore) {
  auto w = store->start_run(testing::demo_run());
  const auto file = dir / "report.bin";
  std::string content;
  for (int i = 0; i < 3'000'000; ++i) content.push_back(static_cast<char>(i * 7 % 256));
  { std::ofstream(file, std::ios::binary) << content; }
  w->artifact("report", file, "application/octet-stream");
  std::filesystem::remove(file);  // the module may delete it afterwards
  { std::ofstream(dir / "empty.txt"); }
  w->artifact("empty", dir / "empty.txt", "text/plain");
  EXPECT_THROW(w->artifact("missing", dir / "nope.bin", "x"), InputError);
  w->finish(RunStatus::Completed);

  auto arts = store->artifacts(w->run_id());
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_EQ(arts[0].name, "report");
  EXPECT_EQ(arts[0].mime, "application/octet-stream");
  EXPECT_EQ(arts[0].size, 3'000'000);
  auto data = store->artifact_data(arts[0].id);
  EXPECT_EQ(std::string(data.begin(), data.end()), content);
  EXPECT_TRUE(store->artifact_data(arts[1].id).empty());
  EXPECT_THROW(store->artifact_data(arts[1].id + 100), StoreError);
}

TEST_F(StoreRows, RefusesAnArtifactOver256MiB) {
  auto w = store->start_run(testing::demo_run());
  const auto big = dir / "huge.bin";
  { std::ofstream out(big); }
  std::filesystem::resize_file(big, (std::uintmax_t(256) << 20) + 1);  // sparse: costs no disk
  try {
    w->artifact("huge", big, "application/octet-stream");
    FAIL() << "an artifact over 256 MiB was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("256 MiB"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("huge"), std::string::npos) << e.what();
  }
  w->finish(RunStatus::Completed);
  EXPECT_TRUE(store->artifacts(w->run_id()).empty());
}

TEST_F(StoreRows, ListRunsFilters) {
  auto a = testing::demo_run("energy-tuner");
  auto b = testing::demo_run("energy-tuner");
  b.params["batch"] = 64;
  b.target = "local";
  auto c = testing::demo_run("gnn-sched");
  c.sweep_id = store->create_sweep("gnn-sched", {});
  std::vector<std::int64_t> ids;
  for (const auto& nr : {a, b, c}) {
    auto w = store->start_run(nr);
    ids.push_back(w->run_id());
    if (nr.module == "gnn-sched")
      w->finish(RunStatus::Failed, "CUDA out of memory");
    else
      w->finish(RunStatus::Completed);
  }
  store->set_tags(ids[0], {"Baseline"});
  store->set_notes(ids[1], "tried a bigger batch");
  auto running = store->start_run(testing::demo_run("energy-tuner"));

  auto idsof = [](const std::vector<RunRecord>& rs) {
    std::vector<std::int64_t> out;
    for (const auto& r : rs) out.push_back(r.id);
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(idsof(store->list_runs()), (V{running->run_id(), ids[2], ids[1], ids[0]}));  // newest first
  EXPECT_EQ(idsof(store->list_runs({.module = "gnn-sched"})), V{ids[2]});
  EXPECT_EQ(idsof(store->list_runs({.status = "running"})), V{running->run_id()});
  EXPECT_EQ(idsof(store->list_runs({.module = "energy-tuner", .status = "completed"})), (V{ids[1], ids[0]}));
  EXPECT_EQ(idsof(store->list_runs({.text = "baseline"})), V{ids[0]});       // tags, any case
  EXPECT_EQ(idsof(store->list_runs({.text = "BIGGER"})), V{ids[1]});         // notes
  EXPECT_EQ(idsof(store->list_runs({.text = "out of memory"})), V{ids[2]});  // error
  EXPECT_EQ(idsof(store->list_runs({.text = "local"})), V{ids[1]});          // target
  EXPECT_EQ(idsof(store->list_runs({.text = "\"batch\":64"})), V{ids[1]});   // params
  EXPECT_EQ(idsof(store->list_runs({.text = "gnn"})), V{ids[2]});            // module
  EXPECT_EQ(idsof(store->list_runs({.text = "100%_"})), V{});                // no wildcards
  EXPECT_EQ(idsof(store->list_runs({.sweep_id = c.sweep_id})), V{ids[2]});
  EXPECT_EQ(idsof(store->list_runs({.limit = 2})), (V{running->run_id(), ids[2]}));
  EXPECT_EQ(idsof(store->list_runs({.params = {{"batch", 64}}})), V{ids[1]});
  EXPECT_EQ(idsof(store->list_runs({.params = {{"batch", 64.0}}})), V{ids[1]});  // numbers as numbers
  EXPECT_EQ(idsof(store->list_runs({.module = "energy-tuner", .params = {{"mode", "fast"}, {"warm", true}}})),
            (V{running->run_id(), ids[1], ids[0]}));
  EXPECT_EQ(idsof(store->list_runs({.params = {{"mode", "slow"}}})), V{});
  EXPECT_THROW(store->list_runs({.status = "sleeping"}), InputError);
  running->finish(RunStatus::Cancelled);
}

TEST_F(StoreRows, BulkMetricsAndPoints) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    auto w = store->start_run(testing::demo_run());
    w->metric("energy_j", 10.0 + i);
    w->metric("latency_ms", 100.0 - i);
    for (int k = 0; k <= i; ++k) w->point({{{"k", k}}, {{"energy_j", double(k)}}, true, ""});
    w->finish(RunStatus::Completed);
    ids.push_back(w->run_id());
  }
  std::vector<std::int64_t> some{ids[1], ids[3], 9999};
  auto m = store->metrics_for(some);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(m.at(ids[1]).at("energy_j"), 11.0);
  EXPECT_DOUBLE_EQ(m.at(ids[3]).at("latency_ms"), 97.0);
  EXPECT_EQ(m.at(ids[3]).size(), 2u);
  EXPECT_TRUE(store->metrics_for(std::span<const std::int64_t>{}).empty());

  auto pts = store->points_for(some);
  ASSERT_EQ(pts.size(), 2u + 4u);
  EXPECT_EQ(pts[0].run_id, ids[1]);
  EXPECT_EQ(pts[2].run_id, ids[3]);
  EXPECT_EQ(pts[5].seq, 3);
  EXPECT_EQ(pts[5].point.config, nlohmann::json({{"k", 3}}));
}

TEST_F(StoreRows, DeleteRunRemovesEverythingButRefusesARunningRun) {
  auto w = store->start_run(testing::demo_run());
  const auto id = w->run_id();
  std::vector<double> t(5000), v(5000);
  for (int i = 0; i < 5000; ++i) t[i] = i, v[i] = i % 13;
  w->trace("power", t, v);
  w->point({{{"a", 1}}, {{"e", 1}}, true, ""});
  w->metric("e", 1);
  w->log(LogLevel::Info, "x");
  w->error("s", "m");
  try {
    store->delete_run(id);
    FAIL() << "deleted a running run";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("still running"), std::string::npos) << e.what();
  }
  w->finish(RunStatus::Completed);
  auto other = store->start_run(testing::demo_run());
  other->metric("e", 2);
  other->finish(RunStatus::Completed);

  store->delete_run(id);
  EXPECT_FALSE(store->run(id));
  EXPECT_TRUE(store->points(id).empty());
  EXPECT_TRUE(store->metrics(id).empty());
  EXPECT_TRUE(store->logs(id).empty());
  EXPECT_TRUE(store->series(id).empty());
  EXPECT_THROW(store->delete_run(id), StoreError);
  EXPECT_EQ(store->metrics(other->run_id()).size(), 1u);
  store.reset();
  // No orphaned chunk rows are left behind.
  sqlite3* db = nullptr;
  sqlite3_open((dir / "runs.sqlite").c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(
      db, "SELECT (SELECT count(*) FROM trace_chunks) + (SELECT count(*) FROM trace_chunk_samples)", -1, &st,
      nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(StoreRows, DataVersionChangesWhenAnotherConnectionCommits) {
  const auto before = store->data_version();
  auto other = Store::open(dir / "runs.sqlite");
  auto w = other->start_run(testing::demo_run());
  w->finish(RunStatus::Completed);
  EXPECT_NE(store->data_version(), before);
  EXPECT_EQ(store->list_runs().size(), 1u);
}

TEST_F(StoreRows, WriterRefusesUseAfterFinish) {
  auto w = store->start_run(testing::demo_run());
  EXPECT_THROW(w->finish(RunStatus::Running), InputError);
  w->finish(RunStatus::Completed);
  EXPECT_THROW(w->metric("x", 1), StoreError);
  EXPECT_THROW(w->finish(RunStatus::Completed), StoreError);
  EXPECT_EQ(store->run(w->run_id())->status, RunStatus::Completed);
}

TEST_F(StoreRows, WriterDestroyedWithoutFinishMarksTheRunFailed) {
  std::int64_t id = 0;
  {
    auto w = store->start_run(testing::demo_run());
    id = w->run_id();
    std::vector<double> t{1, 2, 3}, v{4, 5, 6};
    w->trace("x", t, v);
  }
  auto r = store->run(id);
  EXPECT_EQ(r->status, RunStatus::Failed);
  EXPECT_EQ(r->error, "writer destroyed without finish");
  EXPECT_EQ(store->read_trace(id, "x", 0, 10).t.size(), 3u);  // flushed on the way out
}

}  // namespace
}  // namespace plab::store
