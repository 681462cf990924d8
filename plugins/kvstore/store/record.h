#pragma once
// The on-log record layout shared by the hot log, cold log, read cache and hash-chunk log:
//
//   [crc32c u32][lock u32][info u64: prev address (48 bits) | flags][key_len u32][value_len u32]
//   [key, padded to 8][value, padded to 8]
//
// The checksum covers everything after the lock word; it is computed when a page is flushed
// (records in memory are not checksummed). The lock word is an in-memory seqlock used for
// in-place updates of mutable records and is ignored on disk. A zero key_len ends a page.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "plugins/kvstore/store/crc32c.h"

namespace plab::kv {

inline constexpr std::uint64_t kAddressMask = (std::uint64_t(1) << 48) - 1;
inline constexpr std::uint64_t kTombstone = std::uint64_t(1) << 48;
inline constexpr std::uint64_t kInvalid = std::uint64_t(1) << 49;

inline constexpr std::uint32_t pad8(std::uint32_t n) { return (n + 7u) & ~7u; }

/// Header of every record; the payload (key, value) follows it.
struct RecordHeader {
  std::uint32_t crc;
  std::uint32_t lock;
  std::uint64_t info;
  std::uint32_t key_len;
  std::uint32_t value_len;

  std::uint64_t prev() const { return info & kAddressMask; }
  bool tombstone() const { return (info & kTombstone) != 0; }
  bool invalid() const { return (info & kInvalid) != 0; }
  std::uint32_t size() const { return sizeof(RecordHeader) + pad8(key_len) + pad8(value_len); }
  /// True when the lengths fit in `room` bytes (checked before trusting size() of disk bytes).
  bool fits(std::uint64_t room) const {
    return key_len != 0 && key_len <= room && value_len <= room &&
           std::uint64_t(sizeof(RecordHeader)) + pad8(key_len) + pad8(value_len) <= room;
  }
  const char* key_data() const { return reinterpret_cast<const char*>(this + 1); }
  char* key_data() { return reinterpret_cast<char*>(this + 1); }
  std::string_view key() const { return {key_data(), key_len}; }
  const char* value_data() const { return key_data() + pad8(key_len); }
  char* value_data() { return key_data() + pad8(key_len); }
  std::uint32_t compute_crc() const {
    return crc32c(reinterpret_cast<const char*>(this) + 8, size() - 8);
  }
};
static_assert(sizeof(RecordHeader) == 24);

inline std::uint32_t record_size(std::size_t key_len, std::size_t value_len) {
  return sizeof(RecordHeader) + pad8(static_cast<std::uint32_t>(key_len)) +
         pad8(static_cast<std::uint32_t>(value_len));
}

/// Writes a complete record into zeroed memory at `dst` (not yet visible to other threads).
inline void write_record(void* dst, std::string_view key, std::string_view value, std::uint64_t prev,
                         std::uint64_t flags) {
  auto* h = static_cast<RecordHeader*>(dst);
  h->crc = 0;
  h->lock = 0;
  h->info = (prev & kAddressMask) | flags;
  h->key_len = static_cast<std::uint32_t>(key.size());
  h->value_len = static_cast<std::uint32_t>(value.size());
  // An empty view may hold a null pointer, which memcpy must never be given (even for 0 bytes).
  if (!key.empty()) std::memcpy(h->key_data(), key.data(), key.size());
  if (!value.empty()) std::memcpy(h->value_data(), value.data(), value.size());
}

/// Seqlock access to the value of a record that other threads may update in place. Values are
/// moved as atomic 8-byte words (the padding makes that safe), so readers never see a torn value.
class RecordLock {
 public:
  /// Copies the value consistently; spins while a writer holds the record.
  static void read_value(const RecordHeader* h, std::string& out) {
    auto lk = lock_of(h);
    const std::uint32_t len = h->value_len;
    out.resize(len);
    const std::uint32_t words = pad8(len) / 8;
    const auto* src = reinterpret_cast<std::uint64_t*>(const_cast<char*>(h->value_data()));
    for (;;) {
      std::uint32_t v1 = lk.load(std::memory_order_acquire);
      if (v1 & 1) {
        pause();
        continue;
      }
      for (std::uint32_t i = 0; i < words; ++i) {
        std::uint64_t w = std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t&>(src[i]))
                              .load(std::memory_order_relaxed);
        std::size_t n = std::min<std::size_t>(8, len - i * 8);
        std::memcpy(out.data() + i * 8, &w, n);
      }
      std::atomic_thread_fence(std::memory_order_acquire);
      if (lk.load(std::memory_order_relaxed) == v1) return;
    }
  }
  /// Copies the value while this thread holds the record's lock.
  static void read_value_locked(const RecordHeader* h, std::string& out) {
    const std::uint32_t len = h->value_len;
    out.resize(len);
    const auto* src = reinterpret_cast<std::uint64_t*>(const_cast<char*>(h->value_data()));
    for (std::uint32_t i = 0; i < pad8(len) / 8; ++i) {
      std::uint64_t w = std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t&>(src[i])).load(std::memory_order_relaxed);
      std::memcpy(out.data() + i * 8, &w, std::min<std::size_t>(8, len - i * 8));
    }
  }
  /// Takes the record's write lock (blocks other writers and makes readers retry).
  static void lock(RecordHeader* h) {
    auto lk = lock_of(h);
    for (;;) {
      std::uint32_t v = lk.load(std::memory_order_relaxed);
      if (!(v & 1) && lk.compare_exchange_weak(v, v + 1, std::memory_order_acquire)) return;
      pause();
    }
  }
  static void unlock(RecordHeader* h) { lock_of(h).fetch_add(1, std::memory_order_release); }
  /// Overwrites the value (same length) while the lock is held.
  static void write_value(RecordHeader* h, std::string_view value) {
    const std::uint32_t words = pad8(h->value_len) / 8;
    auto* dst = reinterpret_cast<std::uint64_t*>(h->value_data());
    for (std::uint32_t i = 0; i < words; ++i) {
      std::uint64_t w = 0;
      std::size_t n = std::min<std::size_t>(8, value.size() - i * 8);
      std::memcpy(&w, value.data() + i * 8, n);
      std::atomic_ref<std::uint64_t>(dst[i]).store(w, std::memory_order_relaxed);
    }
  }
  static void pause() {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
  }

 private:
  static std::atomic_ref<std::uint32_t> lock_of(const RecordHeader* h) {
    return std::atomic_ref<std::uint32_t>(const_cast<std::uint32_t&>(h->lock));
  }
};

}  // namespace plab::kv
