#pragma once
// A lossy, key-level cache of cold-log addresses: for a key whose newest version lies in the cold
// log, where that record is, so that a cold read costs one device read (the record) instead of two
// (the hash chunk, then the record) when the chunk is not in memory. An addition to F2's two-level
// cold index, which it never replaces: a miss, or an entry that turns out to hold another key (or
// no valid record: the caller checks the record's CRC and key), falls back to the chunk lookup.
//
// 64-byte buckets of twelve 5-byte entries (12-bit tag, 28-bit address / 8 modulo 2^28, read
// relative to the log's begin), ~5.3 bytes per key read cold; a full bucket replaces by CLOCK
// (entries hit since the hand last passed are spared once). An address is cached only while it lies
// less than 2 GiB after the cold log's begin (a larger live log caches its first 2 GiB only).
// Correctness rests on three rules: (1) the background thread sets the entry of every record it
// links into the cold index (migration, compaction) after writing the chunk and before the log's
// begin moves, so an entry is never older than the cold index; (2) a reader installs the address
// its chunk lookup found only if the bucket is unchanged since it looked (a bucket version taken
// before the chunk lookup), so a reader that raced with a newer link cannot install the older
// address; (3) before the log's begin moves, the store raises the floor below which readers may
// not install (the `begin` they pass to install()), then sweep() drops the entries below the new
// begin and bumps every bucket's version (failing installs prepared before), so no entry outlives
// its record's space and an address kept modulo 2^28 never names a newer position. Records read
// from disk through the cache are CRC-checked all the same, and one that fails falls back to the
// chunk lookup. The version is 16 bits, so a reader's install could pass the version check after
// exactly a multiple of 32768 writes to its bucket during one chunk read; it is refused all the same
// when the bucket holds a higher address for the key's tag (a newer version lies higher in the log).
// Addresses are encoded and decoded relative to the log's begin as last read (the floor only
// refuses), so an install between the floor's raise and the begin's move cannot alias.

#include <atomic>
#include <cstdint>
#include <memory>

#include "plugins/kvstore/store/striped_counter.h"

namespace plab::kv {

/// Key-level cache of cold-log record addresses (see the file comment). Thread-safe.
class AddressCache {
 public:
  static constexpr std::uint32_t kWays = 12;
  /// Addresses are cached as (address / 8) modulo 2^kAddressBits.
  static constexpr int kAddressBits = 28;

  /// What a lookup saw: the cached address (0: none) and the bucket's version for install().
  struct Probe {
    std::uint64_t addr = 0;
    std::uint64_t version = 1;  // odd: install() refuses
    std::uint64_t bucket = 0;
  };

  /// bytes: memory for the cache (0 disables it).
  explicit AddressCache(std::uint64_t bytes);

  bool enabled() const { return buckets_ > 0; }
  /// The cached address of `hash`'s key, read relative to the cold log's `begin` (a hint: the
  /// caller checks the record's CRC and key).
  Probe lookup(std::uint64_t hash, std::uint64_t begin) const;
  /// Reader: caches `addr` for `hash` (kept relative to the cold log's `begin` as the reader last
  /// read it) unless the bucket changed since `probe` was taken, `addr` lies below `floor` (the
  /// store's install floor, see rule 3) or the bucket holds a higher address for the tag.
  void install(std::uint64_t hash, std::uint64_t addr, const Probe& probe, std::uint64_t begin,
               std::uint64_t floor) const;
  /// Background thread: `addr` is now the newest cold version of `hash`'s key (0: forget it).
  /// Always applied (waits for a reader's install in progress). Migration inserts every record
  /// it moves (measured: updating only keys already cached left a fresh load's cache nearly
  /// empty, 0.11 instead of 0.35 cold reads per operation served through it at 5 % budget).
  void set(std::uint64_t hash, std::uint64_t addr, std::uint64_t begin);
  /// Background thread, before the cold log's begin moves from `begin` to `new_begin`: drops every
  /// entry below `new_begin` and bumps every bucket's version.
  void sweep(std::uint64_t begin, std::uint64_t new_begin);

  std::uint64_t memory_bytes() const { return buckets_ * 64; }
  /// Memory that caches every one of `keys` keys (more would be unused).
  static std::uint64_t max_bytes(std::uint64_t keys) { return (keys * 10 / 7 / kWays + 1) * 64; }
  /// Cold reads served by a cached address / that fell back to the chunk lookup.
  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  void count(bool hit) const { (hit ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed); }

 private:
  struct alignas(64) Bucket {
    // Bytes 0-3 (low half of word 0): bits 0-15 version (odd while written), 16-19 the CLOCK
    // hand, 20-31 twelve reference bits (set by lookups that hit, cleared as the hand passes).
    // Bytes 4-63: twelve 5-byte entries (bits 28-39 tag, 0 when empty; bits 0-27 address / 8).
    std::atomic<std::uint64_t> w[8];
  };
  std::uint64_t bucket_of(std::uint64_t hash) const;
  static std::uint32_t tag_of(std::uint64_t hash);
  /// Copies bucket b's words if no write was in progress or happened meanwhile.
  bool snapshot(const Bucket& b, std::uint64_t* words) const;
  /// Waits for and takes bucket b's lock; returns its word 0 before locking.
  static std::uint64_t lock(Bucket& b);
  /// Writes `units` (address / 8 modulo 2^28; remove: drop the entry) for `tag` into the words of
  /// a locked bucket (CLOCK when full).
  static void put(std::uint64_t* words, std::uint32_t tag, std::uint64_t units, bool remove);
  /// Unlocks bucket b with `words` (entries) as its new contents; `w0` is word 0 before locking.
  static void publish(Bucket& b, std::uint64_t w0, const std::uint64_t* words);

  std::uint64_t buckets_ = 0;
  std::unique_ptr<Bucket[]> table_;
  mutable StripedCounter hits_, misses_;
};

}  // namespace plab::kv
