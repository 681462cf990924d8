#pragma once
// Options of the F2-style store, with documented defaults (one struct, LevelDB style).

#include <cstdint>
#include <filesystem>

namespace plab::kv {

/// How a store is sized and run. Every size derives from memory_budget unless set explicitly.
struct Options {
  /// Folder of the store's files (hot.log, cold.log, chunks.log, meta); created when missing.
  std::filesystem::path dir;
  /// Bytes of memory for hot index + hot log pages + read cache + cold index directory and
  /// chunk/cold log pages together. Default 64 MiB.
  std::uint64_t memory_budget = 64ull << 20;
  /// Keys the store is expected to hold: sizes the cold index (one 256-byte chunk per 16 keys,
  /// 8 bytes of directory per chunk). Default 1 Mi.
  std::uint64_t expected_keys = 1ull << 20;
  /// Typical key + value bytes: sizes pages, the hot index and the first read of a disk record.
  std::uint32_t expected_kv_bytes = 108;
  /// Largest key + value accepted (records must fit in a page). Default 8 KiB.
  std::uint32_t max_kv_bytes = 8192;
  /// Fraction of the hot log's memory that is mutable (F2: 0.9).
  double mutable_fraction = 0.9;
  /// Fraction of the budget for the hot index; 0 (default): sized for the records the hot log and
  /// the read cache can hold (about 16 bytes per record), so that no budget is wasted on it.
  double index_fraction = 0;
  /// Fraction of the budget for the read cache of hot records read from disk (0 disables it);
  /// the read cache also gets the hot log's memory past hot_memory_data_fraction.
  double read_cache_fraction = 0.05;
  /// Cap on the hot log's memory, as a fraction of the expected data (expected_keys records of
  /// expected_kv_bytes), but never below 16 hot-log pages; what the budget leaves past it goes to
  /// the read cache (0, or a read cache turned off: no cap). The hot log's pages hold what was
  /// written last: after a bulk load arbitrary keys, kept for as long as the workload writes
  /// little; the read cache holds what is read. Binds above ~30 % of the data.
  double hot_memory_data_fraction = 0.125;
  /// Fraction of the budget for a cache of cold-index hash chunks read from disk (0, the default,
  /// disables it). A cached chunk (152 bytes, its non-empty entries only) saves the index I/O of
  /// a cold read for the ~12 keys it covers; the address cache below saves it at ~5.3 bytes per key
  /// and measured better at every split tried (README: "Where the time goes").
  double chunk_cache_fraction = 0.0;
  /// Fraction of the budget for a key-level cache of cold-log addresses (~5.3 bytes per key; 0
  /// disables it): a cold read whose key is cached costs one device read, the record, instead of
  /// the chunk's and the record's. Capped at what caches every expected key. Negative (the
  /// default): automatic, see address_cache_share().
  double address_cache_fraction = -1;
  /// Hot log size (memory + disk) at which writers wait for migration; hot->cold migration starts
  /// at 0.8 of it (F2). 0: three times the hot log's memory.
  std::uint64_t hot_log_budget = 0;
  /// Cold log size at which cold->cold compaction starts (F2: 0.9 of the budget). 0: twice the
  /// expected data size (expected_keys * (expected_kv_bytes + 24)), raised when compaction finds
  /// the log mostly live.
  std::uint64_t cold_log_budget = 0;
  /// How often the background thread checks the log sizes (F2: 250 ms); writers that reach a
  /// threshold wake it at once.
  std::uint32_t compaction_check_ms = 250;
  /// Automatic checkpoints every this many milliseconds (0: only explicit checkpoint()).
  std::uint32_t checkpoint_interval_ms = 0;
  /// Run migration and compaction in a background thread (tests may drive compact_once()).
  bool background = true;
};

/// The address cache's share of the budget: address_cache_fraction when it is at least 0; else
/// what holds every expected key in full buckets (64 / 12 bytes per key), but at least 45 % and at
/// most 70 % of the budget, and never more than leaves 10 % after the read and chunk caches.
/// Measured (README, "budget sweep"): at 10 % of the data 45 % beats 55 % (the hot log's records
/// are worth more than the last 3 % of keys), at 5 % 70 % beats 45 % (0.91 against 1.03 device
/// reads per operation on YCSB-B).
double address_cache_share(const Options& o);
/// The hot log's memory cap in bytes (0: none), see Options::hot_memory_data_fraction.
std::uint64_t hot_memory_cap(const Options& o);
/// The address cache's memory: its share of the budget, capped at what caches every expected key.
std::uint64_t address_cache_bytes(const Options& o);

}  // namespace plab::kv
