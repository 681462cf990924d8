#pragma once
// The stores a YCSB run can drive: this project's F2-style store, RocksDB and LMDB, behind one
// small interface.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plab::ycsb {

/// How a backend is set up for a run.
struct BackendConfig {
  std::filesystem::path dir;           // empty folder for the store's files
  std::uint64_t memory_budget = 64ull << 20;  // bytes the store may use for caching and indexes
  std::uint64_t expected_keys = 1 << 20;
  std::uint32_t kv_bytes = 108;        // typical key + value size
  int threads = 1;
  /// f2 only: shares of the budget for its read cache, chunk cache and address cache (negative:
  /// its defaults).
  double read_cache_fraction = -1, chunk_cache_fraction = -1, address_cache_fraction = -1;
};

/// Bytes moved to and from the disk by the store itself, and what it occupies.
struct BackendStats {
  std::uint64_t disk_bytes_read = 0;
  std::uint64_t disk_bytes_written = 0;
  std::uint64_t memory_bytes = 0;  // what the store holds in memory (0 when it cannot tell)
  std::uint64_t disk_space_bytes = 0;
  std::string notes;               // how the figures were obtained
  /// Backend-specific cumulative counters (e.g. I/Os by kind), for diagnostics.
  std::vector<std::pair<std::string, std::uint64_t>> counters;
  /// Bytes of memory by part, where the backend sizes its parts itself (f2: hot_log, read_cache,
  /// address_cache, hot_index); empty otherwise.
  std::vector<std::pair<std::string, std::uint64_t>> memory_parts;
};

/// One operation of a batch (BackendSession::run_batch).
struct BatchOp {
  enum class Kind { Read, Write, Rmw };
  Kind kind = Kind::Read;
  std::string key;
  std::string value;   // Write: the value; Rmw: the value to create when absent; Read: what was read
  bool found = false;  // Read, Rmw: the key had a value
};
/// Read-modify-write of a batch: `old` is null when absent; writes the new value to `out`.
using BatchRmwFn = std::function<void(const BatchOp& op, const std::string* old, std::string& out)>;

/// One thread's handle on a backend. Not thread-safe; one per thread.
class BackendSession {
 public:
  /// Runs a batch of operations that are concurrent with each other (as from different threads),
  /// so a store may overlap their I/O (FASTER's asynchronous operations, RocksDB's MultiGet).
  /// Default: one after another.
  virtual void run_batch(std::vector<BatchOp>& ops, const BatchRmwFn& rmw);
  virtual ~BackendSession() = default;
  /// True when found. Throws std::runtime_error on a store error.
  virtual bool read(std::string_view key, std::string& value) = 0;
  virtual void write(std::string_view key, std::string_view value) = 0;
  /// Replaces the value by fn(old) atomically where the store can (else read then write).
  virtual void rmw(std::string_view key, const std::function<void(const std::string*, std::string&)>& fn) = 0;
  /// Reads up to n records from `start` in key order; -1 when the store has no ordered scan.
  virtual int scan(std::string_view start, int n) = 0;
};

/// A store under test. open() once, then sessions from any threads, then stats().
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  /// Throws std::runtime_error (naming the store and folder) when it cannot open.
  virtual void open(const BackendConfig& config) = 0;
  /// Why open() would refuse `config`'s memory budget; empty when it would not (or cannot tell).
  virtual std::string check_budget(const BackendConfig& config) const {
    (void)config;
    return {};
  }
  /// The smallest memory_budget open() accepts with the rest of `config` (0: no minimum known).
  virtual std::uint64_t min_memory_budget(const BackendConfig& config) const {
    (void)config;
    return 0;
  }
  virtual std::unique_ptr<BackendSession> session() = 0;
  virtual BackendStats stats() = 0;
  /// Lets background work settle after a bulk load (flushes, compactions); optional.
  virtual void settle() {}
};

/// "f2", "rocksdb" or "lmdb"; throws plab::InputError for an unknown or unavailable name.
std::unique_ptr<Backend> make_backend(const std::string& name);
/// Backends compiled into this build.
std::vector<std::string> available_backends();
/// The process's storage I/O so far (read_bytes, write_bytes of /proc/self/io; 0 when absent).
std::pair<std::uint64_t, std::uint64_t> process_io_bytes();
/// Bytes the filesystem holds for the files under `dir`.
std::uint64_t disk_usage(const std::filesystem::path& dir);

}  // namespace plab::ycsb
