#pragma once
// A lossy, key-level cache of cold-log addresses: for a key whose newest version lies in the cold
// log, where that record is, so that a cold read costs one device read (the record) instead of two
// (the hash chunk, then the record) when the chunk is not in memory. An addition to F2's two-level
// cold index, which it never replaces: a miss, or an entry that turns out to hold another key,
// falls back to the chunk lookup.
//
// 64-byte buckets of nine 6-byte entries (16-bit tag, cold address / 8 in 32 bits), ~7 bytes per
// key read cold; a full bucket replaces by CLOCK (entries hit since the hand last passed are spared once).
// Correctness rests on two rules: (1) the background thread sets the entry of every record it
// links into the cold index (migration, compaction) after writing the chunk and before the log's
// begin moves, so an entry is never older than the cold index; (2) a reader installs the address
// its chunk lookup found only if the bucket is unchanged since it looked (a bucket version taken
// before the chunk lookup), so a reader that raced with a newer link cannot install the older
// address.

#include <atomic>
#include <cstdint>
#include <memory>

#include "plugins/kvstore/store/striped_counter.h"

namespace plab::kv {

/// Key-level cache of cold-log record addresses (see the file comment). Thread-safe.
class AddressCache {
 public:
  static constexpr std::uint32_t kWays = 9;

  /// What a lookup saw: the cached address (0: none) and the bucket's version for install().
  struct Probe {
    std::uint64_t addr = 0;
    std::uint64_t version = 0;
    std::uint64_t bucket = 0;
  };

  /// bytes: memory for the cache (0 disables it).
  explicit AddressCache(std::uint64_t bytes);

  bool enabled() const { return buckets_ > 0; }
  /// The cached address of `hash`'s key (a hint: the caller checks the record's key).
  Probe lookup(std::uint64_t hash) const;
  /// Reader: caches `addr` for `hash` unless the bucket changed since `probe` was taken.
  void install(std::uint64_t hash, std::uint64_t addr, const Probe& probe) const;
  /// Background thread: `addr` is now the newest cold version of `hash`'s key (0: forget it).
  /// Always applied (waits for a reader's install in progress). Migration inserts every record
  /// it moves (measured: updating only keys already cached left a fresh load's cache nearly
  /// empty, 0.11 instead of 0.35 cold reads per operation served through it at 5 % budget).
  void set(std::uint64_t hash, std::uint64_t addr);

  std::uint64_t memory_bytes() const { return buckets_ * 64; }
  /// Memory that caches every one of `keys` keys (more would be unused).
  static std::uint64_t max_bytes(std::uint64_t keys) { return (keys * 10 / 7 / kWays + 1) * 64; }
  /// Cold reads served by a cached address / that fell back to the chunk lookup.
  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  void count(bool hit) const { (hit ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed); }

 private:
  struct alignas(64) Bucket {
    // Word 0: bits 0-31 version (odd while written), 32-39 the CLOCK hand. Words 1-7: nine
    // 6-byte entries packed (16-bit tag, 0 when empty; 32-bit address / 8), then nine reference
    // bits (set by lookups that hit, cleared as the hand passes).
    std::atomic<std::uint64_t> w[8];
  };
  std::uint64_t bucket_of(std::uint64_t hash) const;
  static std::uint16_t tag_of(std::uint64_t hash);
  /// Copies bucket b's words if no write was in progress or happened meanwhile.
  bool snapshot(const Bucket& b, std::uint64_t* words) const;
  /// Writes `addr` (0: removes) for `tag` into words of a locked bucket (CLOCK when full).
  static void put(std::uint64_t* words, std::uint16_t tag, std::uint64_t addr);
  /// Unlocks bucket b with `words` (entries) as its new contents; `w0` is the locked word 0.
  static void publish(Bucket& b, std::uint64_t w0, const std::uint64_t* words);

  std::uint64_t buckets_ = 0;
  std::unique_ptr<Bucket[]> table_;
  mutable StripedCounter hits_, misses_;
};

}  // namespace plab::kv
