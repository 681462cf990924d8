// Store: reading traces. A reduction reads, per chunk, the cheapest thing that keeps every bucket's
// min/max right: the chunk's own columns when it falls in one bucket, its sub-block summary when
// each sub-block spans at most two buckets, and its raw samples only when zoomed in further or
// when the chunk crosses an edge of the window.
#include <string>

#include "core/store/sqlite_util.h"
#include "core/store/store.h"
#include "core/store/trace_buckets.h"
#include "core/store/trace_codec.h"
#include "core/util/error.h"

namespace plab::store {
namespace {

std::int64_t find_series(sqlite3* db, std::int64_t run_id, const std::string& series) {
  sql::Stmt st(db, "SELECT id FROM trace_series WHERE run_id = ?1 AND name = ?2");
  st.bind_int(1, run_id).bind_text(2, series);
  if (!st.step())
    throw StoreError(sql::file_of(db) + ": run " + std::to_string(run_id) + " has no trace series '" +
                     series + "'");
  std::int64_t id = st.col_int(0);
  st.reset();
  return id;
}

// Chunks that may hold samples in [?2, ?3], in time order. Times never decrease within a series,
// so chunks do not overlap: the first one needed is the last that starts before ?2.
constexpr const char* kChunksInWindow =
    "SELECT id, t0, t1, vmin, vmax, n, summary FROM trace_chunks "
    "WHERE series_id = ?1 AND t0 <= ?3 AND t1 >= ?2 "
    "AND t0 >= coalesce((SELECT max(t0) FROM trace_chunks WHERE series_id = ?1 AND t0 < ?2), -9e999) "
    "ORDER BY t0, id";

/// Loads the raw samples of one chunk.
class SampleReader {
 public:
  explicit SampleReader(sqlite3* db)
      : st_(db, "SELECT samples FROM trace_chunk_samples WHERE chunk_id = ?1") {}
  void read(std::int64_t chunk_id, std::int64_t n, std::vector<double>& t, std::vector<double>& v) {
    st_.bind_int(1, chunk_id);
    if (!st_.step()) throw StoreError("trace chunk " + std::to_string(chunk_id) + " has no samples row");
    trace::decode_samples(st_.col_blob(0), n, t, v, "trace chunk");
    st_.reset();
  }

 private:
  sql::Stmt st_;
};

}  // namespace

std::vector<SeriesInfo> Store::series(std::int64_t run_id) const {
  sql::Stmt st(db_,
               "SELECT name, unit, count, t_min, t_max, v_min, v_max, x_axis FROM trace_series WHERE run_id = ?1 "
               "ORDER BY id");
  st.bind_int(1, run_id);
  std::vector<SeriesInfo> out;
  while (st.step())
    out.push_back({st.col_text(0), st.col_text(1), st.col_int(2), st.col_double(3), st.col_double(4),
                   st.col_double(5), st.col_double(6), st.col_text(7)});
  return out;
}

ReducedTrace Store::reduce_trace(std::int64_t run_id, const std::string& series, double t0, double t1,
                                 int buckets) const {
  trace::Buckets acc(t0, t1, buckets);  // validates the arguments
  const std::int64_t sid = find_series(db_, run_id, series);
  sql::Stmt chunks(db_, kChunksInWindow);
  chunks.bind_int(1, sid).bind_double(2, t0).bind_double(3, t1);
  SampleReader raw(db_);
  std::vector<trace::Block> blocks;
  std::vector<double> ts, vs;
  while (chunks.step()) {
    const std::int64_t id = chunks.col_int(0), n = chunks.col_int(5);
    const double c0 = chunks.col_double(1), c1 = chunks.col_double(2);
    bool need_raw = !(acc.inside(c0) && acc.inside(c1));
    if (!need_raw && acc.index(c0) == acc.index(c1)) {
      acc.add(acc.index(c0), n, chunks.col_double(3), chunks.col_double(4));
      continue;
    }
    if (!need_raw) {
      trace::decode_summary(chunks.col_blob(6), n, blocks, "trace chunk summary");
      for (const auto& b : blocks)
        if (acc.index(b.t_last) - acc.index(b.t_first) > 1) {
          need_raw = true;
          break;
        }
      if (!need_raw)
        for (const auto& b : blocks) acc.add_span(b.t_first, b.t_last, b.n, b.vmin, b.vmax);
    }
    if (need_raw) {
      raw.read(id, n, ts, vs);
      for (std::size_t i = 0; i < ts.size(); ++i) acc.add_sample(ts[i], vs[i]);
    }
  }
  return acc.result();
}

RawTrace Store::read_trace(std::int64_t run_id, const std::string& series, double t0, double t1) const {
  if (!(t0 <= t1))
    throw InputError("read_trace: window [" + std::to_string(t0) + ", " + std::to_string(t1) +
                     "]: expected t0 <= t1");
  const std::int64_t sid = find_series(db_, run_id, series);
  sql::Stmt chunks(db_, kChunksInWindow);
  chunks.bind_int(1, sid).bind_double(2, t0).bind_double(3, t1);
  SampleReader raw(db_);
  RawTrace out;
  std::vector<double> ts, vs;
  while (chunks.step()) {
    raw.read(chunks.col_int(0), chunks.col_int(5), ts, vs);
    for (std::size_t i = 0; i < ts.size(); ++i)
      if (ts[i] >= t0 && ts[i] <= t1) {
        out.t.push_back(ts[i]);
        out.v.push_back(vs[i]);
      }
  }
  return out;
}

}  // namespace plab::store
