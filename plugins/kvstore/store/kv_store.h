#pragma once
// An F2-style larger-than-memory key-value store (Kanellis et al., "F2: Designing a Key-Value
// Store for Large Skewed Workloads", arXiv 2305.01516), built on FASTER's hybrid log.
//
// Hot store: an in-memory hash index over a hybrid log (mutable tail, read-only in-memory region,
// older pages on disk) plus a read cache of records read from disk. Cold store: a disk log whose
// two-level index keeps only a chunk directory in memory. A background thread migrates the hot
// log's oldest part to the cold log and compacts the cold log, both lookup-based (a record is
// copied only when it is its key's newest version), giving the space back with hole punching.
//
// Durability (the commit points, as FASTER's CPR commits but fuzzy across threads):
//   * checkpoint() returns once every operation that COMPLETED before it was called is durable.
//     Operations running concurrently with it may or may not be included.
//   * Nothing else is promised durable: a crash loses every operation after the last finished
//     checkpoint (some may survive, because migration also commits).
//   * After a crash (kill -9 at any point), open() recovers the last commit. Every key then holds
//     a value from its own history at least as new as its last durable write (a deletion counts),
//     never a torn or foreign value. Checksums on every record and on the commit record detect
//     corrupted or truncated files, which open() reports instead of returning their bytes.
//   * Assumes the device writes a 512-byte sector atomically (as FASTER does).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "plugins/kvstore/store/address_cache.h"
#include "plugins/kvstore/store/cold_index.h"
#include "plugins/kvstore/store/epoch.h"
#include "plugins/kvstore/store/hot_index.h"
#include "plugins/kvstore/store/hybrid_log.h"
#include "plugins/kvstore/store/meta_file.h"
#include "plugins/kvstore/store/options.h"
#include "plugins/kvstore/store/status.h"

namespace plab::kv {

/// What the store did and holds (a snapshot; counters are cumulative since open).
struct KvStats {
  std::uint64_t disk_bytes_read = 0;     // bytes read from the store's files
  std::uint64_t disk_bytes_written = 0;  // bytes written to them (data, chunks, commits)
  std::uint64_t memory_bytes = 0;        // index + log pages + read cache + chunk directory
  std::uint64_t memory_budget = 0;
  std::uint64_t hot_index_bytes = 0, hot_index_entries = 0;  // part of memory_bytes; entries in use
  std::uint64_t hot_log_memory_bytes = 0, read_cache_bytes = 0, address_cache_bytes = 0;  // parts of memory_bytes
  std::uint64_t disk_space_bytes = 0;    // space the files occupy (holes excluded)
  std::uint64_t hot_log_bytes = 0, cold_log_bytes = 0, chunk_log_bytes = 0;
  std::uint64_t migrations = 0, migrated_records = 0;
  std::uint64_t cold_compactions = 0, chunk_compactions = 0, commits = 0;
  std::uint64_t read_cache_hits = 0, hot_memory_hits = 0, hot_disk_hits = 0, cold_hits = 0;
  std::uint64_t in_place_updates = 0, appends = 0;
  // I/O system calls by file (reads are random record/chunk reads plus scans; writes are flushes).
  std::uint64_t hot_reads = 0, cold_reads = 0, chunk_reads = 0;
  std::uint64_t hot_writes = 0, cold_writes = 0, chunk_writes = 0;
  // Cold-index lookups of chunks below the chunk log's memory: served by the chunk cache / disk.
  std::uint64_t chunk_cache_hits = 0, chunk_disk_lookups = 0;
  // Cold reads whose record address came from the address cache / that needed the cold index.
  std::uint64_t address_cache_hits = 0, address_cache_misses = 0;
  // Waits that serialise threads (microseconds summed over threads): writers held back until
  // migration makes room in the hot log; allocations waiting for a hot-log / read-cache page.
  std::uint64_t write_stall_us = 0, hot_page_wait_us = 0, rc_page_wait_us = 0;
};

/// Read-modify-write callback: `old` is null when the key has no value; writes the new value.
using RmwFn = std::function<void(const std::string* old, std::string& out)>;

/// The store. open() and the methods below are thread-safe; operations go through a Session,
/// one per thread.
class KvStore {
 public:
  /// Opens (recovering) or creates the store in options.dir. Throws KvError naming the file and
  /// offset when files are corrupt or truncated, or options are impossible.
  static std::unique_ptr<KvStore> open(const Options& options);
  /// Stops the background thread. Does not checkpoint: call checkpoint() first for durability.
  ~KvStore();
  KvStore(const KvStore&) = delete;
  KvStore& operator=(const KvStore&) = delete;

  /// A thread's handle for operations. Not thread-safe itself: one per thread; must not outlive
  /// the store. Values returned through `value` are copies the caller owns.
  class Session {
   public:
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    /// Ok and the value; NotFound; Corruption when a record on disk failed its checksum.
    Status read(std::string_view key, std::string& value);
    /// Reads a batch of keys at once, as FASTER's asynchronous reads: the reads served from
    /// memory complete first; the others go pending and their disk I/Os (hot-log record, cold
    /// index chunk, cold-log record) are issued together, so the device serves them in parallel.
    /// status[i] and values[i] are what read(keys[i]) returns. The reads of a batch are concurrent
    /// with each other (as reads from different threads).
    void read_batch(const std::vector<std::string_view>& keys, std::vector<std::string>& values,
                    std::vector<Status>& status);
    /// Inserts or replaces. Unsupported when key+value exceed Options::max_kv_bytes.
    Status upsert(std::string_view key, std::string_view value);
    /// Atomically replaces the value by fn(old) (creating it when absent).
    Status rmw(std::string_view key, const RmwFn& fn);
    /// Deletes (appends a tombstone); Ok whether or not the key existed.
    Status remove(std::string_view key);

   private:
    friend class KvStore;
    Session(KvStore& store, int slot) : store_(store), slot_(slot) {}
    KvStore& store_;
    int slot_;
  };
  std::unique_ptr<Session> session();

  /// Makes every operation completed before this call durable (see the header comment).
  /// Returns the commit's sequence number. Throws KvError on an I/O failure.
  std::uint64_t checkpoint();
  /// Calls fn(key, value) once for every live key (not a snapshot: keys written concurrently may
  /// be seen in either state). Hash order. Corruption when a record fails its checksum.
  Status scan(const std::function<void(std::string_view, std::string_view)>& fn);
  /// Runs one round of hot->cold migration / cold compaction / chunk compaction when due
  /// (what the background thread does); `force` runs each regardless of thresholds.
  void compact_once(bool force = false);

  KvStats stats() const;
  const Options& options() const { return opt_; }
  /// Non-fatal notes from open (e.g. O_DIRECT refused by the filesystem).
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// The background thread's error, empty when none.
  std::string background_error() const;

 private:
  struct alignas(64) SlotCounters {
    std::atomic<std::uint64_t> rc_hits{0}, hot_mem{0}, hot_disk{0}, cold{0}, in_place{0}, appends{0}, stall_us{0};
  };
  enum class Find { Found, Tombstone, Absent };

  explicit KvStore(const Options& options);
  void size_and_create(const CommitRecord* recovered);
  void recover(const CommitRecord& rec);
  void background_loop();
  void maybe_wake_background();
  Status throttle(int slot);

  Status read_op(int slot, std::string_view key, std::string& value);
  void read_batch_op(int slot, const std::vector<std::string_view>& keys, std::vector<std::string>& values,
                     std::vector<Status>& status);
  Status write_op(int slot, std::string_view key, std::string_view value, bool tombstone);
  Status rmw_op(int slot, std::string_view key, const RmwFn& fn);
  Status walk_hot(std::string_view key, std::uint64_t a, Find& found, std::string& value, bool& on_disk,
                  int slot);
  Status read_cold(std::string_view key, std::uint64_t hash, Find& found, std::string& value);
  void try_cache(int slot, HotIndex::Slot& s, std::uint64_t hash, std::string_view key,
                 std::string_view value, std::uint64_t prev_hot);
  void evict_read_cache(std::uint64_t from, std::uint64_t to);
  std::uint64_t skip_read_cache(std::uint64_t entry) const;

  bool migrate(int slot, bool force);
  bool compact_cold(int slot, bool force);
  bool compact_chunks(int slot, bool force);
  bool newest_in_hot(std::string_view key, std::uint64_t hash, std::uint64_t a, std::uint64_t durable,
                     int slot);
  Status newest_in_cold(std::string_view key, std::uint64_t hash, std::uint64_t c, bool& newest);
  void commit(int slot);
  void fail_background(const std::string& message);

  Options opt_;
  Epoch epoch_;
  IoStats io_;
  std::vector<std::string> warnings_;
  std::unique_ptr<HybridLog> hot_, cold_, chunks_, rc_;
  std::unique_ptr<HotIndex> hot_index_;
  std::unique_ptr<ColdIndex> cold_index_;
  std::unique_ptr<AddressCache> addr_cache_;
  /// The lowest cold address a reader may install into the address cache: the begin a cold
  /// compaction is about to move to, set before its sweep (see AddressCache).
  std::atomic<std::uint64_t> ac_floor_{0};
  /// A reader's install of the cold address `c` its chunk lookup found (see AddressCache).
  void install_address(std::uint64_t hash, std::uint64_t c, const AddressCache::Probe& probe) const {
    addr_cache_->install(hash, c, probe, cold_->begin(), ac_floor_.load());
  }
  std::unique_ptr<MetaFile> meta_;
  CommitRecord committed_;      // guarded by round_mutex_
  std::uint64_t hot_budget_ = 0;
  std::atomic<std::uint64_t> cold_budget_{0};
  std::uint32_t max_record_ = 0;

  std::mutex round_mutex_;  // one migration/compaction round or commit at a time
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> wake_pending_{false};
  std::thread background_;
  int bg_slot_ = -1;
  mutable std::mutex error_mutex_;
  std::string bg_error_;
  std::atomic<bool> bg_failed_{false};

  std::unique_ptr<SlotCounters[]> counters_;
  std::atomic<std::uint64_t> migrations_{0}, migrated_records_{0}, cold_compactions_{0},
      chunk_compactions_{0}, commits_{0};
};

}  // namespace plab::kv
