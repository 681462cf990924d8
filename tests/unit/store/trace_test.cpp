// Trace chunks: exact read-back, min/max reduction against a brute-force reduction, and the
// rules a trace must follow.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/store/trace_buckets.h"
#include "core/store/trace_codec.h"
#include "core/util/error.h"
#include "unit/store/store_test_util.h"

namespace plab::store {
namespace {

using testing::TempDir;

struct Samples {
  std::vector<double> t, v;
};

// Irregular times (with repeats), noisy values with rare spikes both ways.
Samples make_samples(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> gap(0.0, 2e-3), noise(-1, 1);
  Samples s;
  double t = 10.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 97 != 0) t += gap(rng);  // some repeated times
    double v = std::sin(t) + 0.1 * noise(rng);
    if (i % 1009 == 500) v = 50 + i * 1e-3;
    if (i % 1013 == 7) v = -50 - i * 1e-3;
    s.t.push_back(t);
    s.v.push_back(v);
  }
  return s;
}

ReducedTrace brute_force(const Samples& s, double t0, double t1, int buckets) {
  trace::Buckets b(t0, t1, buckets);
  for (std::size_t i = 0; i < s.t.size(); ++i) b.add_sample(s.t[i], s.v[i]);
  return b.result();
}

class StoreTrace : public ::testing::Test {
 protected:
  // Writes `s` into series "power" in batches of `batch`, with the given chunk size.
  std::int64_t write(const Samples& s, std::size_t chunk, std::size_t batch, bool flush_each = false) {
    auto w = store->start_run(testing::demo_run(), {.chunk_samples = chunk, .flush_interval_s = 60});
    w->declare_series("power", "W");
    for (std::size_t i = 0; i < s.t.size(); i += batch) {
      const std::size_t n = std::min(batch, s.t.size() - i);
      w->trace("power", std::span(s.t).subspan(i, n), std::span(s.v).subspan(i, n));
      if (flush_each) w->flush();
    }
    w->finish(RunStatus::Completed);
    return w->run_id();
  }

  TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir / "runs.sqlite");
};

TEST(TraceCodec, SamplesAndSummaryRoundTrip) {
  Samples s = make_samples(200, 1);
  std::vector<unsigned char> blob, summary;
  trace::encode_samples(s.t, s.v, blob);
  EXPECT_EQ(blob.size(), 200u * 16);
  std::vector<double> t, v;
  trace::decode_samples(blob, 200, t, v, "test");
  EXPECT_EQ(t, s.t);
  EXPECT_EQ(v, s.v);
  EXPECT_THROW(trace::decode_samples(blob, 199, t, v, "test"), StoreError);

  trace::encode_summary(s.t, s.v, summary);
  std::vector<trace::Block> blocks;
  trace::decode_summary(summary, 200, blocks, "test");
  ASSERT_EQ(blocks.size(), 4u);  // 64 + 64 + 64 + 8
  EXPECT_EQ(blocks[3].n, 8);
  EXPECT_EQ(blocks[1].t_first, s.t[64]);
  EXPECT_EQ(blocks[1].t_last, s.t[127]);
  EXPECT_EQ(blocks[2].vmax, *std::max_element(s.v.begin() + 128, s.v.begin() + 192));
  EXPECT_EQ(blocks[3].vmin, *std::min_element(s.v.begin() + 192, s.v.end()));
}

TEST_F(StoreTrace, ReadBackIsExactWhateverTheChunking) {
  const Samples s = make_samples(10'000, 2);
  for (auto [chunk, batch, flush] : {std::tuple<std::size_t, std::size_t, bool>{4096, 1000, false},
                                     {1000, 1, false},
                                     {333, 77, true},
                                     {5000, 130, true},
                                     {64, 10'000, false}}) {
    SCOPED_TRACE(::testing::Message() << "chunk " << chunk << " batch " << batch << " flush " << flush);
    const auto id = write(s, chunk, batch, flush);
    auto all = store->read_trace(id, "power", -1e300, 1e300);
    EXPECT_EQ(all.t, s.t);
    EXPECT_EQ(all.v, s.v);
    // A window: exactly the samples with t in [a, b].
    const double a = s.t[2500], b = s.t[7100];
    auto win = store->read_trace(id, "power", a, b);
    std::vector<double> want;
    for (std::size_t i = 0; i < s.t.size(); ++i)
      if (s.t[i] >= a && s.t[i] <= b) want.push_back(s.v[i]);
    EXPECT_EQ(win.v, want);
    auto info = store->series(id);
    ASSERT_EQ(info.size(), 1u);
    EXPECT_EQ(info[0].name, "power");
    EXPECT_EQ(info[0].unit, "W");
    EXPECT_EQ(info[0].count, 10'000);
    EXPECT_EQ(info[0].t_min, s.t.front());
    EXPECT_EQ(info[0].t_max, s.t.back());
    EXPECT_EQ(info[0].v_min, *std::min_element(s.v.begin(), s.v.end()));
    EXPECT_EQ(info[0].v_max, *std::max_element(s.v.begin(), s.v.end()));
  }
}

// Zoomed in, every chunk is binned from raw samples: equal to the brute force, bucket by bucket.
TEST_F(StoreTrace, ZoomedReductionEqualsBruteForce) {
  const Samples s = make_samples(50'000, 3);
  const auto id = write(s, 4096, 4096);
  const double t0 = s.t[20'000], t1 = s.t[23'000];
  for (int buckets : {1, 500, 3000}) {
    auto got = store->reduce_trace(id, "power", t0, t1, buckets);
    auto want = brute_force(s, t0, t1, buckets);
    ASSERT_EQ(got.count.size(), std::size_t(buckets));
    EXPECT_EQ(got.count, want.count);  // one bucket, or raw samples: counts exact too
    if (buckets < 500) continue;       // coarser: summaries may be used (see FullRangeReduction...)
    for (int b = 0; b < buckets; ++b) {
      if (want.count[b] == 0) {
        EXPECT_EQ(got.count[b], 0);
        continue;
      }
      EXPECT_EQ(got.vmin[b], want.vmin[b]) << "bucket " << b << " of " << buckets;
      EXPECT_EQ(got.vmax[b], want.vmax[b]) << "bucket " << b << " of " << buckets;
    }
    EXPECT_DOUBLE_EQ(got.t[0], t0 + (t1 - t0) / buckets / 2);
  }
}

// Buckets that hold whole chunks use the chunk columns: exact as well.
TEST_F(StoreTrace, ChunkAlignedBucketsAreExact) {
  Samples s;
  for (int i = 0; i < 64 * 1024; ++i) {
    s.t.push_back(i);
    s.v.push_back(std::cos(i * 0.01) + (i % 4099 == 0 ? 9 : 0));
  }
  const auto id = write(s, 1024, 1024);
  // 64 buckets of exactly 1024 samples over [0, 65536): each chunk sits in one bucket.
  auto got = store->reduce_trace(id, "power", 0, 65536, 64);
  auto want = brute_force(s, 0, 65536, 64);
  EXPECT_EQ(got.count, want.count);
  EXPECT_EQ(got.vmin, want.vmin);
  EXPECT_EQ(got.vmax, want.vmax);
}

// Over the full range the reduction works from summaries: no extreme is lost, every sample is
// within its own bucket's min/max, totals are exact.
TEST_F(StoreTrace, FullRangeReductionKeepsEveryExtreme) {
  const Samples s = make_samples(100'000, 4);
  const auto id = write(s, 4096, 999);
  const double t0 = s.t.front(), t1 = s.t.back();
  for (int buckets : {1, 13, 200, 1000}) {
    SCOPED_TRACE(::testing::Message() << buckets << " buckets");
    auto got = store->reduce_trace(id, "power", t0, t1, buckets);
    auto want = brute_force(s, t0, t1, buckets);
    std::int64_t total = 0;
    for (auto c : got.count) total += c;
    EXPECT_EQ(total, std::int64_t(s.t.size()));
    trace::Buckets index(t0, t1, buckets);
    for (std::size_t i = 0; i < s.t.size(); ++i) {
      const int b = index.index(s.t[i]);
      ASSERT_GE(s.v[i], got.vmin[b]) << "sample " << i << " bucket " << b;
      ASSERT_LE(s.v[i], got.vmax[b]) << "sample " << i << " bucket " << b;
    }
    // Every bucket's extremes are true sample values from that bucket or a neighbour.
    for (int b = 0; b < buckets; ++b) {
      if (got.count[b] == 0) {
        EXPECT_EQ(want.count[b], 0);
        EXPECT_TRUE(std::isnan(got.vmin[b]));
        continue;
      }
      double lo = want.vmin[b], hi = want.vmax[b];
      for (int nb : {b - 1, b + 1})
        if (nb >= 0 && nb < buckets && want.count[nb]) {
          lo = std::min(lo, want.vmin[nb]);
          hi = std::max(hi, want.vmax[nb]);
        }
      EXPECT_GE(got.vmin[b], lo);
      EXPECT_LE(got.vmax[b], hi);
    }
    EXPECT_EQ(*std::min_element(got.vmin.begin(), got.vmin.end()), *std::min_element(s.v.begin(), s.v.end()));
    EXPECT_EQ(*std::max_element(got.vmax.begin(), got.vmax.end()), *std::max_element(s.v.begin(), s.v.end()));
  }
}

// A coarse reduction reads chunk columns and summaries only: it still works with the raw samples
// of every chunk gone, while a zoomed-in one needs them.
TEST_F(StoreTrace, CoarseReductionNeverReadsRawSamples) {
  const Samples s = make_samples(100'000, 6);
  const auto id = write(s, 4096, 4096);
  const auto before = store->reduce_trace(id, "power", s.t.front(), s.t.back(), 300);
  store.reset();
  testing::raw_exec(dir / "runs.sqlite", "DELETE FROM trace_chunk_samples");
  store = Store::open(dir / "runs.sqlite");
  const auto after = store->reduce_trace(id, "power", s.t.front(), s.t.back(), 300);
  EXPECT_EQ(after.count, before.count);
  EXPECT_EQ(after.vmin, before.vmin);
  EXPECT_EQ(after.vmax, before.vmax);
  EXPECT_THROW(store->reduce_trace(id, "power", s.t[50'000], s.t[51'000], 2000), StoreError);
}

TEST_F(StoreTrace, WindowEdgesOnlyCountSamplesInside) {
  const Samples s = make_samples(30'000, 5);
  const auto id = write(s, 4096, 4096);
  const double t0 = s.t[1234] + 1e-9, t1 = s.t[27'000];
  auto got = store->reduce_trace(id, "power", t0, t1, 40);
  auto want = brute_force(s, t0, t1, 40);
  std::int64_t total = 0, want_total = 0;
  for (int b = 0; b < 40; ++b) total += got.count[b], want_total += want.count[b];
  EXPECT_EQ(total, want_total);
  EXPECT_EQ(*std::max_element(got.vmax.begin(), got.vmax.end()),
            *std::max_element(want.vmax.begin(), want.vmax.end()));
  // Nothing before the window leaks in: an empty window far before gives empty buckets.
  auto none = store->reduce_trace(id, "power", 0, 1, 10);
  for (auto c : none.count) EXPECT_EQ(c, 0);
}

TEST_F(StoreTrace, SeriesKeepTheirUnitAndXAxis) {
  auto w = store->start_run(testing::demo_run());
  w->declare_series("power", "W");
  w->declare_series("best_energy", "mJ", "evaluation");
  const std::vector<double> t{1, 2, 3}, v{5, 4, 3};
  w->trace("best_energy", t, v);
  w->trace("undeclared", t, v);
  w->declare_series("power", "kW", "step");  // a later declaration replaces both
  w->finish(RunStatus::Completed);
  const auto series = store->series(w->run_id());
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].name, "power");
  EXPECT_EQ(series[0].unit, "kW");
  EXPECT_EQ(series[0].x_axis, "step");
  EXPECT_EQ(series[1].x_axis, "evaluation");
  EXPECT_EQ(series[1].count, 3);
  EXPECT_EQ(series[2].name, "undeclared");
  EXPECT_EQ(series[2].unit, "");
  EXPECT_EQ(series[2].x_axis, "");
}

TEST_F(StoreTrace, RefusesDecreasingTimesNamingTheSeries) {
  auto w = store->start_run(testing::demo_run(), {.chunk_samples = 4, .flush_interval_s = 60});
  std::vector<double> t{1, 2, 3}, v{1, 1, 1};
  w->trace("gpu.temp", t, v);
  std::vector<double> back{2.5}, one{1};
  try {
    w->trace("gpu.temp", back, one);
    FAIL() << "a decreasing time was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("gpu.temp"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("decreases"), std::string::npos) << e.what();
  }
  std::vector<double> within{4, 6, 5}, three{1, 1, 1};
  EXPECT_THROW(w->trace("gpu.temp", within, three), InputError);  // nothing of it is kept
  std::vector<double> nan_v{std::nan("")};
  std::vector<double> seven{7};
  EXPECT_THROW(w->trace("gpu.temp", seven, nan_v), InputError);
  std::vector<double> two{1, 2};
  EXPECT_THROW(w->trace("gpu.temp", seven, two), InputError);
  std::vector<double> same{3, 3}, vv{2, 2};
  w->trace("gpu.temp", same, vv);  // equal times are fine
  w->trace("other", back, one);    // each series has its own clock
  w->finish(RunStatus::Completed);
  auto got = store->read_trace(w->run_id(), "gpu.temp", 0, 100);
  EXPECT_EQ(got.t, (std::vector<double>{1, 2, 3, 3, 3}));
  EXPECT_THROW(store->read_trace(w->run_id(), "nope", 0, 1), StoreError);
  EXPECT_THROW(store->reduce_trace(w->run_id(), "gpu.temp", 0, 1, 0), InputError);
  EXPECT_THROW(store->reduce_trace(w->run_id(), "gpu.temp", 2, 1, 10), InputError);
}

TEST_F(StoreTrace, SlowSeriesGetsChunksOfAUsefulSize) {
  // Flushed after every sample (as a quiet module would be by the timer): the open chunk is
  // rewritten rather than one chunk row per flush.
  auto w = store->start_run(testing::demo_run(), {.chunk_samples = 4096, .flush_interval_s = 60});
  for (int i = 0; i < 1500; ++i) {
    double t = i, v = i % 17;
    w->trace("slow", std::span(&t, 1), std::span(&v, 1));
    w->flush();
  }
  w->finish(RunStatus::Completed);
  store.reset();
  sqlite3* db = nullptr;
  sqlite3_open((dir / "runs.sqlite").c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*), min(n), sum(n) FROM trace_chunks", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_LE(sqlite3_column_int(st, 0), 2);
  EXPECT_EQ(sqlite3_column_int(st, 2), 1500);
  sqlite3_finalize(st);
  sqlite3_close(db);
  store = Store::open(dir / "runs.sqlite");
  auto got = store->read_trace(w->run_id(), "slow", 0, 1e9);
  ASSERT_EQ(got.t.size(), 1500u);
  for (int i = 0; i < 1500; ++i) ASSERT_EQ(got.v[i], i % 17);
}

}  // namespace
}  // namespace plab::store
