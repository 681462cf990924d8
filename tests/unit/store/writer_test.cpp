// RunWriter under concurrency: the timer flush, a reader on a second connection while samples
// arrive (WAL), several threads on one writer, and two writers on one file.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "unit/store/store_test_util.h"

namespace plab::store {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

TEST(StoreWriter, TimerFlushesQuietSeriesWithoutFurtherCalls) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  auto w = store->start_run(testing::demo_run(), {.chunk_samples = 4096, .flush_interval_s = 0.05});
  std::vector<double> t{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, v{9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
  w->trace("quiet", t, v);
  // The module now says nothing more. A second connection must see the samples within about
  // flush_interval; the deadline here is generous so that a loaded machine does not fail it.
  auto reader = Store::open(dir / "runs.sqlite");
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  std::size_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!reader->series(w->run_id()).empty())
      seen = reader->read_trace(w->run_id(), "quiet", 0, 100).t.size();
    if (seen == t.size()) break;
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(seen, t.size());
  EXPECT_EQ(reader->read_trace(w->run_id(), "quiet", 0, 100).v, v);
  EXPECT_EQ(reader->series(w->run_id()).at(0).count, 10);
  w->finish(RunStatus::Completed);
}

TEST(StoreWriter, PointsAndMetricsAreVisibleAtOnce) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  auto reader = Store::open(dir / "runs.sqlite");
  auto w = store->start_run(testing::demo_run());
  w->point({{{"a", 1}}, {{"e", 2}}, true, ""});
  w->metric("e", 2);
  w->log(LogLevel::Info, "hello");
  w->progress(0.25, "quarter");
  EXPECT_EQ(reader->points(w->run_id()).size(), 1u);
  EXPECT_EQ(reader->metrics(w->run_id()).size(), 1u);
  EXPECT_EQ(reader->logs(w->run_id()).size(), 1u);
  EXPECT_EQ(reader->run(w->run_id())->message, "quarter");
  w->finish(RunStatus::Completed);
}

TEST(StoreWriter, ASecondConnectionReadsWhileTheWriterWrites) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  auto w = store->start_run(testing::demo_run(), {.chunk_samples = 512, .flush_interval_s = 0.01});
  const auto id = w->run_id();
  const int total = 200'000;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::vector<double> t(1000), v(1000);
    for (int i = 0; i < total; i += 1000) {
      for (int k = 0; k < 1000; ++k) t[k] = i + k, v[k] = (i + k) % 101;
      w->trace("s", t, v);
      if (i % 20'000 == 0) w->point({{{"i", i}}, {{"e", double(i)}}, true, ""});
    }
    w->finish(RunStatus::Completed);
    done = true;
  });
  auto reader = Store::open(dir / "runs.sqlite");
  std::size_t last = 0;
  int reads = 0;
  while (!done || reads < 3) {
    ++reads;
    auto runs = reader->list_runs();
    ASSERT_EQ(runs.size(), 1u);
    if (reader->series(id).empty()) continue;
    auto got = reader->read_trace(id, "s", 0, total);
    ASSERT_GE(got.t.size(), last);  // only ever grows
    for (std::size_t i = 0; i < got.t.size(); i += 997) {
      ASSERT_EQ(got.t[i], double(i));  // a clean prefix, nothing torn
      ASSERT_EQ(got.v[i], double(int(i) % 101));
    }
    last = got.t.size();
    reader->reduce_trace(id, "s", 0, total, 100);
  }
  writer.join();
  EXPECT_EQ(reader->read_trace(id, "s", 0, total).t.size(), std::size_t(total));
  EXPECT_EQ(reader->points(id).size(), 10u);
  EXPECT_GE(reads, 3);
}

TEST(StoreWriter, SeveralThreadsShareOneWriter) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  auto w = store->start_run(testing::demo_run(), {.chunk_samples = 300, .flush_interval_s = 0.02});
  std::vector<std::thread> threads;
  for (int th = 0; th < 4; ++th)
    threads.emplace_back([&, th] {
      const std::string series = "worker" + std::to_string(th);
      for (int i = 0; i < 2000; ++i) {
        double t = i, v = th * 10000 + i;
        w->trace(series, std::span(&t, 1), std::span(&v, 1));
        if (i % 100 == 0) w->point({{{"th", th}, {"i", i}}, {{"e", v}}, true, ""});
        if (i % 500 == 0) w->log(LogLevel::Debug, series);
      }
    });
  for (auto& t : threads) t.join();
  w->finish(RunStatus::Completed);
  for (int th = 0; th < 4; ++th) {
    auto got = store->read_trace(w->run_id(), "worker" + std::to_string(th), 0, 1e9);
    ASSERT_EQ(got.v.size(), 2000u);
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(got.v[i], th * 10000 + i);
  }
  auto pts = store->points(w->run_id());
  ASSERT_EQ(pts.size(), 80u);
  for (std::size_t i = 0; i < pts.size(); ++i) EXPECT_EQ(pts[i].seq, std::int64_t(i));
  EXPECT_EQ(store->logs(w->run_id()).size(), 16u);
}

TEST(StoreWriter, TwoWritersOnOneFile) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  auto a = store->start_run(testing::demo_run("a"), {.chunk_samples = 100, .flush_interval_s = 0.01});
  auto b = store->start_run(testing::demo_run("b"), {.chunk_samples = 100, .flush_interval_s = 0.01});
  auto job = [](RunWriter& w) {
    for (int i = 0; i < 3000; ++i) {
      double t = i, v = -i;
      w.trace("x", std::span(&t, 1), std::span(&v, 1));
      if (i % 300 == 0) w.metric("m" + std::to_string(i), i);
    }
    w.finish(RunStatus::Completed);
  };
  std::thread ta(job, std::ref(*a)), tb(job, std::ref(*b));
  ta.join();
  tb.join();
  for (auto* w : {a.get(), b.get()}) {
    EXPECT_EQ(store->read_trace(w->run_id(), "x", 0, 1e9).t.size(), 3000u);
    EXPECT_EQ(store->metrics(w->run_id()).size(), 10u);
    EXPECT_EQ(store->run(w->run_id())->status, RunStatus::Completed);
  }
}

}  // namespace
}  // namespace plab::store
