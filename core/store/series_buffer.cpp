#include "core/store/series_buffer.h"

#include <algorithm>
#include <cmath>

#include "core/store/trace_codec.h"
#include "core/util/error.h"

namespace plab::store {
namespace {

// A time-flushed chunk is rewritten with later samples while it holds fewer than this many, so
// that no flush rewrites more than ~16 KiB.
constexpr std::size_t kRewriteLimit = 1024;

}  // namespace

ChunkStatements::ChunkStatements(sqlite3* d)
    : db(d),
      insert_chunk(d,
                   "INSERT INTO trace_chunks (series_id, t0, t1, vmin, vmax, n, summary) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
      update_chunk(d,
                   "UPDATE trace_chunks SET t0 = ?2, t1 = ?3, vmin = ?4, vmax = ?5, n = ?6, summary = ?7 "
                   "WHERE id = ?1"),
      insert_samples(d, "INSERT INTO trace_chunk_samples (chunk_id, samples) VALUES (?1, ?2)"),
      update_samples(d, "UPDATE trace_chunk_samples SET samples = ?2 WHERE chunk_id = ?1"),
      update_series(d,
                    "UPDATE trace_series SET count = ?2, t_min = ?3, t_max = ?4, v_min = ?5, v_max = ?6 "
                    "WHERE id = ?1"),
      touch_run(d, "UPDATE runs SET last_activity = ?2 WHERE id = ?1") {}

bool SeriesBuffer::append(std::span<const double> t, std::span<const double> v, Clock::time_point now) {
  auto where = [this] { return "trace series '" + name_ + "'"; };  // built only for an error
  if (t.size() != v.size())
    throw InputError(where() + ": " + std::to_string(t.size()) + " times but " + std::to_string(v.size()) +
                     " values; expected one value per time");
  bool have_prev = any_;
  double prev = last_t_;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t[i]) || !std::isfinite(v[i]))
      throw InputError(where() + ": sample " + std::to_string(i) +
                       " of this call (t = " + std::to_string(t[i]) + ", value = " + std::to_string(v[i]) +
                       "): expected finite numbers");
    if (have_prev && t[i] < prev)
      throw InputError(where() + ": t decreases from " + std::to_string(prev) + " to " +
                       std::to_string(t[i]) + " (sample " + std::to_string(i) +
                       " of this call); times must not decrease within a series");
    have_prev = true;
    prev = t[i];
  }
  if (t.empty()) return false;
  t_.insert(t_.end(), t.begin(), t.end());
  v_.insert(v_.end(), v.begin(), v.end());
  any_ = true;
  last_t_ = prev;
  if (dirty_since_) return false;
  dirty_since_ = now;
  return true;
}

std::int64_t SeriesBuffer::write_chunk(ChunkStatements& st, std::size_t from, std::size_t n,
                                       std::int64_t row) {
  std::span<const double> t(t_.data() + from, n), v(v_.data() + from, n);
  trace::encode_samples(t, v, st.samples_blob);
  trace::encode_summary(t, v, st.summary_blob);
  auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  auto& chunk = row ? st.update_chunk : st.insert_chunk;
  chunk.bind_int(1, row ? row : id_).bind_double(2, t.front()).bind_double(3, t.back());
  chunk.bind_double(4, *mn).bind_double(5, *mx).bind_int(6, std::int64_t(n)).bind_blob(7, st.summary_blob);
  chunk.run();
  const std::int64_t chunk_id = row ? row : sqlite3_last_insert_rowid(st.db);
  auto& samples = row ? st.update_samples : st.insert_samples;
  samples.bind_int(1, chunk_id).bind_blob(2, st.samples_blob).run();
  return chunk_id;
}

void SeriesBuffer::store(ChunkStatements& st, std::int64_t run_id, std::size_t chunk_samples, bool partial,
                         double now) {
  const std::size_t size = t_.size();
  if (size == stored_) return;  // nothing unstored
  // An open chunk that is big enough already is left as it is; new samples start a new chunk.
  const bool keep_open_row = open_chunk_ && stored_ >= std::min(kRewriteLimit, chunk_samples);
  const bool full = size - (keep_open_row ? stored_ : 0) >= chunk_samples;
  if (!partial && !full) return;

  // Plan on copies; the members change only after the commit.
  std::size_t off = 0, stored = stored_;
  std::int64_t open = open_chunk_;
  if (keep_open_row) {
    off = stored;
    open = 0;
    stored = 0;
  }
  const std::size_t first_new = stored_;  // samples before it were committed earlier
  std::size_t written_end = stored_;
  sql::Tx tx(st.db);
  while (size - off >= chunk_samples) {
    write_chunk(st, off, chunk_samples, open);
    open = 0;
    stored = 0;
    off += chunk_samples;
    written_end = off;
  }
  if (partial && size - off > stored) {
    open = write_chunk(st, off, size - off, open);
    stored = size - off;
    written_end = size;
  }
  // Series totals over the committed samples.
  std::int64_t count = count_;
  double t_min = t_min_, t_max = t_max_, v_min = v_min_, v_max = v_max_;
  for (std::size_t i = first_new; i < written_end; ++i) {
    if (count == 0) {
      t_min = t_[i];
      v_min = v_max = v_[i];
    }
    ++count;
    t_max = t_[i];
    v_min = std::min(v_min, v_[i]);
    v_max = std::max(v_max, v_[i]);
  }
  st.update_series.bind_int(1, id_).bind_int(2, count).bind_double(3, t_min).bind_double(4, t_max);
  st.update_series.bind_double(5, v_min).bind_double(6, v_max).run();
  st.touch_run.bind_int(1, run_id).bind_double(2, now).run();
  tx.commit();

  count_ = count;
  t_min_ = t_min;
  t_max_ = t_max;
  v_min_ = v_min;
  v_max_ = v_max;
  t_.erase(t_.begin(), t_.begin() + std::ptrdiff_t(off));
  v_.erase(v_.begin(), v_.begin() + std::ptrdiff_t(off));
  open_chunk_ = open;
  stored_ = stored;
  if (t_.size() == stored_) dirty_since_.reset();
}

}  // namespace plab::store
