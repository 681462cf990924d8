#pragma once
// F2's two-level cold index. The first level is an in-memory directory indexed by chunk id; each
// slot holds the address of that chunk's newest copy in a small log-structured store of its own
// (the hash-chunk log, a HybridLog on disk with a little memory). A chunk is 256 bytes: 4 buckets
// of 8 entries of 8 bytes, each entry the head of a hash chain in the cold log tagged with 14
// bits of its keys' hash (as FASTER's bucket entries), so that a key's chain rarely holds other
// keys. A key whose bucket is full shares the bucket's fallback entry (marked shared). So a cold
// key costs well under a byte of memory, and a cold lookup costs at most one chunk read plus the
// record read(s).

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>
#include <memory>
#include <string>

#include "plugins/kvstore/store/hybrid_log.h"
#include "plugins/kvstore/store/striped_counter.h"

namespace plab::kv {

/// A record about to be linked into the cold index: its key hash and the caller's item number.
struct ColdLink {
  std::uint64_t hash;
  std::size_t item;
};

/// Edits one chunk's 32 chain heads for the links of that chunk (all with the same chunk id).
using ChunkEditor = std::function<Status(std::uint64_t* heads, const ColdLink* links, std::size_t n)>;

/// The cold log's index. find() is thread-safe under epoch protection; update(), compact() and
/// rebuild() are for the single background (compaction/recovery) thread.
class ColdIndex {
 public:
  static constexpr std::uint32_t kEntries = 32;
  static constexpr std::uint32_t kChunkBytes = kEntries * 8;

 private:
  /// A chunk copy read from disk, keyed by its (never reused) chunk-log address; a seqlock makes
  /// concurrent readers see either a whole copy or a miss. Compact: only the non-empty entries
  /// are kept, in order, with a bitmap of their positions (a chunk holds ~12 keys on average, 16
  /// expected keys per chunk); a chunk with more than kCachedEntries is not cached. 152 bytes
  /// instead of 272 for the whole chunk, so the same memory caches 1.8x the chunks.
  static constexpr std::uint32_t kCachedEntries = 16;
  struct CacheSlot {
    std::atomic<std::uint64_t> seq{0};
    std::atomic<std::uint64_t> addr{0};
    std::atomic<std::uint64_t> mask{0};
    std::atomic<std::uint64_t> vals[kCachedEntries];
  };

 public:

  /// num_chunks: power of two. cache_bytes: memory for a cache of chunks read from disk (0: none).
  ColdIndex(HybridLog& chunks, std::uint64_t num_chunks, std::uint64_t cache_bytes = 0);

  std::uint64_t chunk_of(std::uint64_t hash) const { return (hash >> 16) & mask_; }
  /// Entry words: bits 0-47 chain head, 48-61 tag, 62 shared (keys without their own entry).
  static constexpr std::uint64_t kSharedBit = std::uint64_t(1) << 62;
  static std::uint64_t tag_of(std::uint64_t hash) {
    const std::uint64_t t = (hash >> 50) & 0x3FFF;
    return t ? t : 1;
  }
  static std::uint32_t fallback_of(std::uint64_t hash) {
    return static_cast<std::uint32_t>(((hash >> 43) & 3) * 8 + ((hash >> 45) & 7));
  }
  /// The chains a lookup of `hash` walks, in order: its tag's entry, then the bucket's fallback
  /// entry when that is shared (0 when none). Versions in the first are newer than in the second.
  static void heads_for(const std::uint64_t* words, std::uint64_t hash, std::uint64_t& first, std::uint64_t& second);
  /// The entry a new record of `hash` is linked into (its tag's; else an empty entry or one whose
  /// chain lies wholly below `cold_begin`, which it takes; else the shared fallback). Returns its
  /// position; the chain head to link to is words[pos] & kAddressMask.
  static std::uint32_t insert_entry(std::uint64_t* words, std::uint64_t hash, std::uint64_t cold_begin);

  /// Heads of the cold hash chains to walk for `hash` (see heads_for; 0 when none).
  Status find(std::uint64_t hash, std::uint64_t& head, std::uint64_t& alt) const;
  /// find() without I/O (batched reads): the heads when the chunk is in memory or cached, else
  /// `disk` = the chunk copy's address, to read (HybridLog::disk_span) and pass to find_finish().
  void find_start(std::uint64_t hash, std::uint64_t& head, std::uint64_t& alt, std::uint64_t& disk) const;
  /// Completes find_start() with the chunk record read from `disk` (caching it).
  Status find_finish(std::uint64_t hash, std::uint64_t disk, const std::string& record, std::uint64_t& head,
                     std::uint64_t& alt) const;
  /// Batched update (compaction thread): groups `links` by chunk, loads each chunk once, lets
  /// `edit` change its chain heads (appending the records they point at first), and writes the
  /// chunk back once. Sorts `links`.
  Status update_batch(std::vector<ColdLink>& links, const ChunkEditor& edit, int slot);
  /// Copies the chunks whose newest copy lies in [begin, until) to the tail; the caller then
  /// commits and truncates the chunk log at `until`.
  Status compact(std::uint64_t until, int slot, std::string& error);
  /// Recovery: rebuilds the directory from the chunk log's [begin, durable).
  Status rebuild(std::uint64_t begin, std::uint64_t durable, std::string& error);

  std::uint64_t num_chunks() const { return mask_ + 1; }
  std::uint64_t live_chunks() const { return live_.load(); }
  std::uint64_t chunk_record_bytes() const { return record_size(8, kChunkBytes); }
  std::uint64_t memory_bytes() const {
    return num_chunks() * sizeof(std::uint64_t) + cache_slots_ * sizeof(CacheSlot);
  }
  /// Memory of a chunk cache holding every one of `chunks` chunks (more would be unused).
  static std::uint64_t max_cache_bytes(std::uint64_t chunks) { return chunks * sizeof(CacheSlot); }
  /// Lookups that found their chunk in the chunk cache / had to read it from disk.
  std::uint64_t cache_hits() const { return cache_hits_.load(std::memory_order_relaxed); }
  std::uint64_t disk_lookups() const { return disk_lookups_.load(std::memory_order_relaxed); }

 private:
  Status load_chunk(std::uint64_t addr, std::uint64_t* out) const;
  bool cached_chunk(std::uint64_t cid, std::uint64_t addr, std::uint64_t* out) const;
  void cache_install(std::uint64_t cid, std::uint64_t addr, const std::uint64_t* vals) const;
  void append_chunk(std::uint64_t cid, const std::uint64_t* vals, int slot);
  /// Batch support: reads the chunk log sequentially once and returns the newest copies of the
  /// chunks `cids` (sorted) that live on disk, when that is cheaper than one random read each.
  Status prefetch(const std::vector<std::uint64_t>& cids, std::vector<std::uint64_t>& vals,
                  std::vector<char>& have, int slot);

  HybridLog& chunks_;
  std::uint64_t mask_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> dir_;
  std::atomic<std::uint64_t> live_{0};
  std::uint64_t cache_slots_ = 0;
  std::unique_ptr<CacheSlot[]> cache_;
  mutable StripedCounter cache_hits_, disk_lookups_;  // every cold lookup adds to one
};

}  // namespace plab::kv
