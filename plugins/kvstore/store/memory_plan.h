#pragma once
// How one memory budget is split between the store's parts (sizes only; nothing is allocated):
// the cold-index directory, chunk- and cold-log pages, address and chunk caches, read cache, hot
// index and hot-log frames. KvStore::open builds its parts from this plan; the module records it.

#include <cstdint>

#include "plugins/kvstore/store/meta_file.h"
#include "plugins/kvstore/store/options.h"

namespace plab::kv {

struct MemoryPlan {
  std::uint32_t typical_record = 0;  // bytes of a typical record in a log (header, key, value, slack)
  std::uint32_t max_record = 0;      // largest record accepted
  std::uint32_t min_page_bits = 0;   // pages hold at least two largest records
  std::uint64_t num_chunks = 0;      // cold-index hash chunks (8 bytes of directory each)
  std::uint32_t chunk_bits = 0, cold_bits = 0, hot_bits = 0, rc_bits = 0;  // page sizes, log2
  std::uint64_t chunk_pages = 0, cold_pages = 0, hot_pages = 0, rc_pages = 0;  // frames in memory
  std::uint32_t hot_mutable_pages = 0;
  std::uint64_t chunk_cache_bytes = 0, address_cache_bytes = 0;
  std::uint64_t hot_index_buckets = 0;  // a power of two; 1.25x as much reserved for overflow
  std::uint64_t hot_log_budget = 0;     // hot log size (memory + disk) at which writers wait
  std::uint64_t cold_log_budget = 0;    // cold log size at which cold->cold compaction starts

  std::uint64_t hot_log_memory() const { return hot_pages << hot_bits; }
  /// 0 when the read cache is off (fewer than 3 pages).
  std::uint64_t read_cache_memory() const { return rc_pages >= 3 ? rc_pages << rc_bits : 0; }
};

/// The plan for `o`; `recovered` fixes what a store on disk already has (page sizes, chunk count).
/// Throws KvError when the budget is too small, naming what does not fit.
MemoryPlan plan_memory(const Options& o, const CommitRecord* recovered = nullptr);
/// The smallest memory budget plan_memory() accepts for these options (o.memory_budget is
/// ignored), found to within 1/64 and 1 KiB; 0 when none up to 2^50 bytes does. A larger budget
/// is not always accepted (parts grow in steps): plan it to know.
std::uint64_t min_memory_budget(Options o, const CommitRecord* recovered = nullptr);

}  // namespace plab::kv
