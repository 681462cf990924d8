#pragma once
// The SQLite store: one file holds every run (DESIGN.md "core/store"). Schema versioned with
// PRAGMA user_version and forward migrations; WAL mode so that one process reads while another
// writes. Traces are stored in chunks with per-chunk and per-block min/max summaries so that a
// plot can ask for a window at screen resolution without reading every sample.
//
// Threading: a Store object (one SQLite connection) is used from one thread at a time. A
// RunWriter owns its own connection and is safe to call from several threads at once.
// Errors: every method throws StoreError with a message naming the file and what failed; bad
// arguments (a decreasing trace time, an artifact over the size limit, zero buckets) throw
// InputError naming the argument.
//
// Times: RunRecord's created/started/ended are unix seconds; PointRow, LogRow and ErrorRow carry
// `t`, seconds since the run started.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/experiment/types.h"

struct sqlite3;

namespace plab::store {

/// One row of the runs table.
struct RunRecord {
  std::int64_t id = 0;
  std::string module;
  std::string module_version;
  std::string target;
  std::uint64_t seed = 0;
  RunStatus status = RunStatus::Running;
  nlohmann::json params = nlohmann::json::object();
  double created = 0;  // unix seconds
  double started = 0;
  double ended = 0;  // 0 while running
  std::string host;
  std::int64_t pid = 0;
  std::string error;  // the first error that ended the run, "" if none
  double progress = 0;
  std::string message;  // last progress message
  std::vector<std::string> tags;
  std::string notes;
  std::int64_t sweep_id = 0;                              // 0 when not part of a sweep
  nlohmann::json environment = nlohmann::json::object();  // core version, host, OS, ...
};

/// What is needed to start a run.
struct NewRun {
  std::string module;
  std::string module_version;
  std::string target;
  std::uint64_t seed = 0;
  nlohmann::json params = nlohmann::json::object();
  std::int64_t sweep_id = 0;
  nlohmann::json environment = nlohmann::json::object();
};

struct MetricRow {
  std::string name;
  double value = 0;
};

struct PointRow {
  std::int64_t run_id = 0;
  std::int64_t seq = 0;  // 0, 1, 2 ... in the order the run reported them
  double t = 0;          // seconds since the run started
  Point point;
};

struct SeriesInfo {
  std::string name;
  std::string unit;
  std::int64_t count = 0;
  double t_min = 0, t_max = 0, v_min = 0, v_max = 0;
  std::string x_axis;  // what t is when not seconds since the run started; empty: time
};

/// A trace reduced to buckets of equal time width over [t0, t1]; every bucket keeps the min and
/// max of the samples that fell in it (so no extreme is lost). Empty buckets have count 0 and NaN
/// min/max. Where the reduction works from stored sub-block summaries (64 samples each) rather
/// than raw samples, a sub-block that straddles two buckets gives its min and max to both and its
/// count to the two halves: a value may then show up to one sub-block early or late in time, but
/// every sample still lies within its own bucket's [vmin, vmax], and the global min/max and the
/// total count are exact.
struct ReducedTrace {
  double t0 = 0, t1 = 0;
  std::vector<double> t;  // bucket centre
  std::vector<double> vmin, vmax;
  std::vector<std::int64_t> count;
};

struct RawTrace {
  std::vector<double> t, v;
};

struct ArtifactRow {
  std::int64_t id = 0;
  std::string name;
  std::string mime;
  std::int64_t size = 0;
};

struct LogRow {
  double t = 0;
  LogLevel level = LogLevel::Info;
  std::string message;
};

struct ErrorRow {
  double t = 0;
  std::string source;
  std::string message;
};

/// Which runs to list. Empty fields match everything.
struct RunFilter {
  std::string module;
  std::string status;  // "running", "completed", ...
  std::string text;    // substring of module, target, tags, notes, error or params
  std::int64_t sweep_id = 0;
  int limit = 0;  // 0: no limit; newest first
  /// Parameter name -> value every listed run must have (exact match; numbers compare as numbers).
  nlohmann::json params = nlohmann::json::object();
};

/// How a RunWriter batches trace samples (RunWriter::Options).
struct WriterOptions {
  std::size_t chunk_samples = 4096;  // samples per stored chunk
  double flush_interval_s = 0.1;     // oldest unflushed sample waits at most this long
};

/// How Store::open looks at the machine.
struct OpenOptions {
  /// Where /proc is: the boot id and the writers' /proc/<pid>/stat are read below it when deciding
  /// which `running` runs were interrupted. Tests point it at a fixture tree.
  std::filesystem::path proc_root = "/proc";
};

class RunWriter;

/// A connection to one store file.
class Store {
 public:
  /// Opens (creating if needed) and migrates the file; marks runs whose writing process is gone
  /// `interrupted`. Throws StoreError if the file is not a ParetoLab store or comes from a newer
  /// schema than this build knows (the file is left untouched).
  static std::unique_ptr<Store> open(const std::filesystem::path& file);
  static std::unique_ptr<Store> open(const std::filesystem::path& file, const OpenOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& path() const { return path_; }
  static int latest_schema_version();
  int schema_version() const;
  /// Runs this open() marked interrupted.
  const std::vector<std::int64_t>& interrupted_on_open() const { return interrupted_; }

  /// Inserts a run in status `running`, owned by this process, and returns a writer for it.
  std::unique_ptr<RunWriter> start_run(const NewRun& run);
  std::unique_ptr<RunWriter> start_run(const NewRun& run, const WriterOptions& options);
  std::int64_t create_sweep(const std::string& module, const nlohmann::json& grid);

  std::vector<RunRecord> list_runs(const RunFilter& filter = {}) const;  // one query
  std::optional<RunRecord> run(std::int64_t id) const;
  std::vector<MetricRow> metrics(std::int64_t run_id) const;
  /// Metrics of many runs in one query: run id -> name -> value.
  std::map<std::int64_t, std::map<std::string, double>> metrics_for(
      std::span<const std::int64_t> run_ids) const;
  std::vector<PointRow> points(std::int64_t run_id) const;
  std::vector<PointRow> points_for(std::span<const std::int64_t> run_ids) const;
  std::vector<SeriesInfo> series(std::int64_t run_id) const;
  /// Samples of `series` with t in [t0, t1] reduced to `buckets` min/max buckets.
  ReducedTrace reduce_trace(std::int64_t run_id, const std::string& series, double t0, double t1,
                            int buckets) const;
  /// Every sample with t in [t0, t1] (use for small windows or export).
  RawTrace read_trace(std::int64_t run_id, const std::string& series, double t0, double t1) const;
  std::vector<ArtifactRow> artifacts(std::int64_t run_id) const;
  std::vector<unsigned char> artifact_data(std::int64_t artifact_id) const;
  std::vector<LogRow> logs(std::int64_t run_id) const;
  std::vector<ErrorRow> errors(std::int64_t run_id) const;

  void set_tags(std::int64_t run_id, const std::vector<std::string>& tags);
  void set_notes(std::int64_t run_id, const std::string& notes);
  /// Deletes a finished run and everything it stored. Refuses a running run.
  void delete_run(std::int64_t run_id);

  /// Changes whenever another connection commits (PRAGMA data_version): poll it to notice runs
  /// written by another process.
  std::int64_t data_version() const;

 private:
  explicit Store(std::filesystem::path path);
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  std::vector<std::int64_t> interrupted_;
};

/// Writes everything one run reports, committing as it comes: points, metrics, logs, errors and
/// progress commit at once; trace samples are buffered per series and committed as a chunk when
/// the chunk is full or when it is older than flush_interval (a background thread sees to it), so
/// a kill -9 loses at most the last flush_interval of samples. Thread-safe.
class RunWriter {
 public:
  using Options = WriterOptions;
  ~RunWriter();  // flushes; if finish() was not called, the run is marked failed
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  std::int64_t run_id() const { return run_id_; }
  void progress(double fraction, std::string_view message);
  void log(LogLevel level, std::string_view message);
  /// x_axis: what the series' t is when not seconds since the run started (empty: time).
  void declare_series(std::string_view series, std::string_view unit, std::string_view x_axis = {});
  /// Throws InputError if t decreases within a series.
  void trace(std::string_view series, std::span<const double> t, std::span<const double> v);
  void point(const Point& p);
  void metric(std::string_view name, double value);
  void artifact(std::string_view name, const std::filesystem::path& file, std::string_view mime);
  void error(std::string_view source, std::string_view message);
  void flush();
  /// Flushes everything and records how the run ended.
  void finish(RunStatus status, std::string_view error = {});

 private:
  friend class Store;
  struct Impl;
  RunWriter(const std::filesystem::path& file, std::int64_t run_id, Options options);
  std::int64_t run_id_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plab::store
