#pragma once
// The unstored tail of one trace series inside a RunWriter, and how it becomes chunk rows.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/store/sqlite_util.h"

namespace plab::store {

/// The statements a RunWriter's connection uses to store chunks (prepared once).
struct ChunkStatements {
  explicit ChunkStatements(sqlite3* db);
  sqlite3* db;
  sql::Stmt insert_chunk, update_chunk, insert_samples, update_samples, update_series, touch_run;
  std::vector<unsigned char> samples_blob, summary_blob;  // reused buffers
};

/// Samples of one series that are not yet in a full stored chunk. The last stored chunk of a
/// series stays "open" while it is small: a time-based flush rewrites it with the new samples
/// appended instead of adding a tiny chunk, so slow series still get chunks of a useful size.
class SeriesBuffer {
 public:
  using Clock = std::chrono::steady_clock;
  SeriesBuffer(std::string name, std::int64_t series_id) : name_(std::move(name)), id_(series_id) {}

  const std::string& name() const { return name_; }
  /// Checks then appends: throws InputError naming the series if the spans differ in length, a
  /// time or value is not finite, or a time is smaller than the one before. Nothing is appended
  /// then. Returns true when the series went from clean to having unstored samples.
  bool append(std::span<const double> t, std::span<const double> v, Clock::time_point now);
  std::size_t unstored() const { return t_.size() - stored_; }
  /// When the oldest unstored sample arrived, if there is one.
  std::optional<Clock::time_point> dirty_since() const { return dirty_since_; }

  /// Stores every full chunk, and the partial rest too when `partial`, in one transaction; the
  /// buffer changes only once it committed.
  void store(ChunkStatements& st, std::int64_t run_id, std::size_t chunk_samples, bool partial, double now);

 private:
  std::int64_t write_chunk(ChunkStatements& st, std::size_t from, std::size_t n, std::int64_t row);

  std::string name_;
  std::int64_t id_;
  std::vector<double> t_, v_;    // from the start of the open chunk (or of the unstored tail)
  std::size_t stored_ = 0;       // leading samples already in row open_chunk_
  std::int64_t open_chunk_ = 0;  // the chunk row still being extended, 0 if none
  std::optional<Clock::time_point> dirty_since_;
  bool any_ = false;
  double last_t_ = 0;
  // What the committed samples of the series amount to (trace_series columns).
  std::int64_t count_ = 0;
  double t_min_ = 0, t_max_ = 0, v_min_ = 0, v_max_ = 0;
};

}  // namespace plab::store
