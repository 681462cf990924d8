#pragma once
// The hot store's in-memory hash index (FASTER's design): cache-line buckets of seven tagged
// 64-bit entries plus an overflow link. An entry names the newest record of its hash chain:
//
//   bits 0-47 address | bits 48-61 tag | bit 62 tentative | bit 63 address is in the read cache
//
// Entries are created with a two-phase tentative insert so that a tag appears once per bucket
// chain, and updated only by compare-and-swap.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "plugins/kvstore/store/record.h"

namespace plab::kv {

/// Lock-free hash index of the hot log and read cache. Thread-safe.
class HotIndex {
 public:
  static constexpr std::uint64_t kReadCacheBit = std::uint64_t(1) << 63;
  static constexpr std::uint64_t kTentativeBit = std::uint64_t(1) << 62;

  /// A located entry: where it lives and the value that was read (expected value for CAS).
  struct Slot {
    std::atomic<std::uint64_t>* entry = nullptr;
    std::uint64_t value = 0;
  };

  explicit HotIndex(std::uint64_t num_buckets);  // rounded up to a power of two

  static std::uint64_t tag_of(std::uint64_t hash) {
    std::uint64_t t = (hash >> 48) & 0x3FFF;
    return t ? t : 1;
  }
  static std::uint64_t address(std::uint64_t e) { return e & kAddressMask; }
  static bool in_read_cache(std::uint64_t e) { return (e & kReadCacheBit) != 0; }
  static std::uint64_t make(std::uint64_t addr, std::uint64_t hash, bool read_cache) {
    return (addr & kAddressMask) | (tag_of(hash) << 48) | (read_cache ? kReadCacheBit : 0);
  }

  /// The entry for `hash`'s tag, if one exists.
  bool find(std::uint64_t hash, Slot& s) const;
  /// The entry for `hash`'s tag, created (empty address) when missing.
  void find_or_create(std::uint64_t hash, Slot& s);
  /// Compare-and-swap of a located entry; on failure s.value holds the current value.
  static bool cas(Slot& s, std::uint64_t desired) {
    return s.entry->compare_exchange_strong(s.value, desired, std::memory_order_acq_rel);
  }
  /// Clears hot-log entries that point below `begin` (their records were migrated and truncated).
  void garbage_collect(std::uint64_t begin);
  /// Recovery (single thread): points the chain of `hash` at `addr` if that is newer.
  void recover_insert(std::uint64_t hash, std::uint64_t addr);

  std::uint64_t memory_bytes() const;
  /// Diagnostics: entries in use, those pointing below `begin`, those in the read cache.
  void count(std::uint64_t begin, std::uint64_t& used, std::uint64_t& stale, std::uint64_t& cached) const;
  std::uint64_t num_buckets() const { return mask_ + 1; }

 private:
  struct alignas(64) Bucket {
    std::atomic<std::uint64_t> entries[7];
    std::atomic<std::uint64_t> overflow;
  };
  static constexpr std::uint64_t kBlock = 1024;
  static constexpr std::uint64_t kMaxBlocks = 1 << 16;

  Bucket* overflow_bucket(std::uint64_t id) const {
    return blocks_[(id - 1) / kBlock].load(std::memory_order_acquire) + (id - 1) % kBlock;
  }
  Bucket* link_overflow(Bucket* b);
  bool other_with_tag(std::uint64_t hash, std::uint64_t tag, const std::atomic<std::uint64_t>* mine) const;

  std::uint64_t mask_;
  std::unique_ptr<Bucket[]> buckets_;
  std::unique_ptr<std::atomic<Bucket*>[]> blocks_;
  std::atomic<std::uint64_t> overflow_used_{0};
  std::mutex grow_mutex_;
  std::unique_ptr<std::unique_ptr<Bucket[]>[]> owned_;  // guarded by grow_mutex_
};

}  // namespace plab::kv
