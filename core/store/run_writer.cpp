// RunWriter: commits what a run reports as it comes, on its own connection. Trace samples wait in
// per-series buffers; a full chunk is stored at once, and a background thread stores whatever has
// waited flush_interval_s, so samples reach the file even when the module goes quiet.
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/store/rows.h"
#include "core/store/schema.h"
#include "core/store/series_buffer.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"
#include "core/util/error.h"

namespace plab::store {
namespace {

constexpr std::int64_t kMaxArtifactBytes = std::int64_t(256) << 20;
constexpr std::size_t kMaxChunkSamples = std::size_t(1) << 20;

}  // namespace

struct RunWriter::Impl {
  using Clock = SeriesBuffer::Clock;

  Impl(const std::filesystem::path& file, std::int64_t run, Options o)
      : run_id(run), options(o), db(sql::open(file, /*create=*/false)) {
    if (options.chunk_samples < 1 || options.chunk_samples > kMaxChunkSamples)
      throw InputError("RunWriter: chunk_samples = " + std::to_string(options.chunk_samples) +
                       ": expected 1 to " + std::to_string(kMaxChunkSamples));
    if (!(options.flush_interval_s > 0) || options.flush_interval_s > 3600)
      throw InputError("RunWriter: flush_interval_s = " + std::to_string(options.flush_interval_s) +
                       ": expected more than 0 and at most 3600 seconds");
    schema::configure_connection(db.get());
    sql::Stmt st(db.get(), "SELECT started, status FROM runs WHERE id = ?1");
    st.bind_int(1, run_id);
    if (!st.step()) throw StoreError(file.string() + ": no run " + std::to_string(run_id) + " to write");
    if (st.col_text(1) != "running")
      throw StoreError(file.string() + ": run " + std::to_string(run_id) + " is " + st.col_text(1) +
                       ", not running");
    t_offset = rows::unix_now() - st.col_double(0);
    st.reset();
    chunks.emplace(db.get());
    flush_interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.flush_interval_s));
  }

  /// Seconds since the run started.
  double run_time() const { return t_offset + std::chrono::duration<double>(Clock::now() - anchor).count(); }

  /// Refuses calls after finish(), and hands over an error the background thread met.
  void check_usable() {
    if (finished)
      throw StoreError("run " + std::to_string(run_id) + " is already finished; nothing more is stored");
    if (background_error) {
      auto e = background_error;
      background_error = nullptr;
      std::rethrow_exception(e);
    }
  }

  SeriesBuffer& series(std::string_view name, std::string_view unit, std::string_view x_axis, bool declare) {
    auto it = buffers.find(name);
    if (it != buffers.end() && !declare) return it->second;
    sql::Tx tx(db.get());
    sql::Stmt up(db.get(), declare ? "INSERT INTO trace_series (run_id, name, unit, x_axis) VALUES (?1, ?2, ?3, ?4) "
                                     "ON CONFLICT (run_id, name) DO UPDATE SET unit = excluded.unit, "
                                     "x_axis = excluded.x_axis"
                                   : "INSERT INTO trace_series (run_id, name, unit, x_axis) VALUES (?1, ?2, ?3, ?4) "
                                     "ON CONFLICT (run_id, name) DO NOTHING");
    up.bind_int(1, run_id).bind_text(2, name).bind_text(3, unit).bind_text(4, x_axis).run();
    sql::Stmt id(db.get(), "SELECT id FROM trace_series WHERE run_id = ?1 AND name = ?2");
    id.bind_int(1, run_id).bind_text(2, name);
    id.step();
    const std::int64_t series_id = id.col_int(0);
    id.reset();
    touch();
    tx.commit();
    if (it != buffers.end()) return it->second;
    return buffers.emplace(std::string(name), SeriesBuffer(std::string(name), series_id)).first->second;
  }

  void touch() { chunks->touch_run.bind_int(1, run_id).bind_double(2, rows::unix_now()).run(); }

  /// One statement and the activity stamp, committed together.
  template <class Bind>
  void commit_row(const char* sql_text, Bind bind) {
    sql::Tx tx(db.get());
    sql::Stmt st(db.get(), sql_text);
    bind(st);
    st.run();
    touch();
    tx.commit();
  }

  void flush_all(bool partial) {
    for (auto& [name, buf] : buffers)
      buf.store(*chunks, run_id, options.chunk_samples, partial, rows::unix_now());
  }

  void finish_locked(RunStatus status, std::string_view error) {
    flush_all(true);
    sql::Stmt st(db.get(),
                 "UPDATE runs SET status = ?2, ended = ?3, last_activity = ?3, "
                 "error = CASE WHEN error = '' THEN ?4 ELSE error END, "
                 "progress = CASE WHEN ?2 = 'completed' THEN 1 ELSE progress END WHERE id = ?1");
    st.bind_int(1, run_id)
        .bind_text(2, to_string(status))
        .bind_double(3, rows::unix_now())
        .bind_text(4, error);
    st.run();
    finished = true;
  }

  // The background flusher: sleeps until the oldest unstored sample of any series is due.
  void flusher_loop(std::stop_token stop) {
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
      std::optional<Clock::time_point> due;
      for (const auto& [name, buf] : buffers)
        if (auto d = buf.dirty_since()) due = due ? std::min(*due, *d + flush_interval) : *d + flush_interval;
      if (due && retry_at > *due) due = retry_at;
      if (!due) {
        wake.wait(lock, stop, [&] { return woken; });
      } else if (!wake.wait_until(lock, stop, *due, [&] { return woken; })) {
        if (stop.stop_requested()) break;
        const auto now = Clock::now();
        try {
          for (auto& [name, buf] : buffers)
            if (auto d = buf.dirty_since(); d && *d + flush_interval <= now)
              buf.store(*chunks, run_id, options.chunk_samples, true, rows::unix_now());
        } catch (...) {
          background_error = std::current_exception();  // the module's next call sees it
          retry_at = now + flush_interval;
        }
      }
      woken = false;
    }
  }

  std::int64_t run_id;
  Options options;
  sql::Connection db;
  std::optional<ChunkStatements> chunks;
  Clock::duration flush_interval{};
  Clock::time_point anchor = Clock::now();
  double t_offset = 0;
  std::int64_t next_seq = 0;
  bool finished = false;
  std::exception_ptr background_error;
  Clock::time_point retry_at{};

  std::mutex mutex;
  std::condition_variable_any wake;
  bool woken = false;
  std::map<std::string, SeriesBuffer, std::less<>> buffers;
  std::jthread flusher;  // last: stopped and joined before anything above goes
};

RunWriter::RunWriter(const std::filesystem::path& file, std::int64_t run_id, Options options)
    : run_id_(run_id), impl_(std::make_unique<Impl>(file, run_id, options)) {
  impl_->flusher = std::jthread([impl = impl_.get()](std::stop_token stop) { impl->flusher_loop(stop); });
}

RunWriter::~RunWriter() {
  impl_->flusher.request_stop();
  if (impl_->flusher.joinable()) impl_->flusher.join();
  std::lock_guard lock(impl_->mutex);
  if (impl_->finished) return;
  try {
    impl_->finish_locked(RunStatus::Failed, "writer destroyed without finish");
  } catch (...) {
    // Nothing can be reported from a destructor; the next Store::open marks the run interrupted.
  }
}

void RunWriter::progress(double fraction, std::string_view message) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  if (!(fraction >= 0)) fraction = 0;  // also NaN
  fraction = std::min(fraction, 1.0);
  sql::Stmt st(impl_->db.get(),
               "UPDATE runs SET progress = ?2, message = ?3, last_activity = ?4 WHERE id = ?1");
  st.bind_int(1, run_id_)
      .bind_double(2, fraction)
      .bind_text(3, message)
      .bind_double(4, rows::unix_now())
      .run();
}

void RunWriter::log(LogLevel level, std::string_view message) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  impl_->commit_row("INSERT INTO logs (run_id, t, level, message) VALUES (?1, ?2, ?3, ?4)",
                    [&](sql::Stmt& st) {
                      st.bind_int(1, run_id_)
                          .bind_double(2, impl_->run_time())
                          .bind_text(3, to_string(level))
                          .bind_text(4, message);
                    });
}

void RunWriter::declare_series(std::string_view series, std::string_view unit, std::string_view x_axis) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  impl_->series(series, unit, x_axis, true);
}

void RunWriter::trace(std::string_view series, std::span<const double> t, std::span<const double> v) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  SeriesBuffer& buf = impl_->series(series, {}, {}, false);
  if (buf.append(t, v, Impl::Clock::now())) {
    impl_->woken = true;
    impl_->wake.notify_one();
  }
  if (buf.unstored() >= impl_->options.chunk_samples)
    buf.store(*impl_->chunks, run_id_, impl_->options.chunk_samples, false, rows::unix_now());
}

void RunWriter::point(const Point& p) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  impl_->commit_row(
      "INSERT INTO points (run_id, seq, t, config, metrics, feasible, label) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "?7)",
      [&](sql::Stmt& st) {
        st.bind_int(1, run_id_).bind_int(2, impl_->next_seq).bind_double(3, impl_->run_time());
        st.bind_text(4, p.config.dump()).bind_text(5, rows::metrics_to_json(p.metrics));
        st.bind_int(6, p.feasible ? 1 : 0).bind_text(7, p.label);
      });
  ++impl_->next_seq;
}

void RunWriter::metric(std::string_view name, double value) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  impl_->commit_row(
      "INSERT INTO metrics (run_id, name, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value",
      [&](sql::Stmt& st) { st.bind_int(1, run_id_).bind_text(2, name).bind_double(3, value); });
}

void RunWriter::error(std::string_view source, std::string_view message) {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  impl_->commit_row(
      "INSERT INTO errors (run_id, t, source, message) VALUES (?1, ?2, ?3, ?4)", [&](sql::Stmt& st) {
        st.bind_int(1, run_id_).bind_double(2, impl_->run_time()).bind_text(3, source).bind_text(4, message);
      });
}

void RunWriter::artifact(std::string_view name, const std::filesystem::path& file, std::string_view mime) {
  const std::string what = "artifact '" + std::string(name) + "' (" + file.string() + ")";
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw InputError(what + ": cannot read the file: " + ec.message());
  if (std::int64_t(size) > kMaxArtifactBytes)
    throw InputError(
        what + ": " + std::to_string(size >> 20) +
        " MiB is more than the 256 MiB a store keeps per artifact; keep the file outside the store "
        "and log its path instead");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(what + ": cannot open the file");

  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  sqlite3* db = impl_->db.get();
  sql::Tx tx(db);
  sql::Stmt ins(db, "INSERT INTO artifacts (run_id, name, mime, size, data) VALUES (?1, ?2, ?3, ?4, ?5)");
  ins.bind_int(1, run_id_).bind_text(2, name).bind_text(3, mime).bind_int(4, std::int64_t(size));
  ins.bind_zeroblob(5, std::int64_t(size)).run();
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db, "main", "artifacts", "data", sqlite3_last_insert_rowid(db), 1, &blob) !=
      SQLITE_OK)
    sql::fail(db, "opening " + what + " for writing");
  std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)> guard(blob, sqlite3_blob_close);
  std::vector<char> buf(std::size_t(1) << 20);
  std::int64_t done = 0;
  while (done < std::int64_t(size)) {
    in.read(buf.data(),
            std::streamsize(std::min<std::int64_t>(std::int64_t(buf.size()), std::int64_t(size) - done)));
    const auto got = in.gcount();
    if (got <= 0) throw InputError(what + ": the file shrank while it was copied");
    if (sqlite3_blob_write(blob, buf.data(), int(got), int(done)) != SQLITE_OK)
      sql::fail(db, "writing " + what);
    done += got;
  }
  guard.reset();
  impl_->touch();
  tx.commit();
}

void RunWriter::flush() {
  std::lock_guard lock(impl_->mutex);
  impl_->check_usable();
  impl_->flush_all(true);
}

void RunWriter::finish(RunStatus status, std::string_view error) {
  if (status == RunStatus::Running)
    throw InputError(
        "finish: status 'running': expected how the run ended (completed, failed, cancelled, ...)");
  std::lock_guard lock(impl_->mutex);
  if (impl_->finished) throw StoreError("run " + std::to_string(run_id_) + ": finish() was already called");
  impl_->background_error = nullptr;  // finish retries the flush itself
  impl_->finish_locked(status, error);
}

}  // namespace plab::store
