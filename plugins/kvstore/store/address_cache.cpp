#include "plugins/kvstore/store/address_cache.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <thread>

namespace plab::kv {
namespace {

static_assert(std::endian::native == std::endian::little, "the header lies in word 0's low bytes");

constexpr std::uint64_t kVersionMask = 0xFFFF;
constexpr int kHandShift = 16;
constexpr int kRefShift = 20;
constexpr std::uint32_t kEntryBytes = 5;
constexpr std::uint32_t kHeaderBytes = 4;
constexpr std::uint64_t kUnitMask = (std::uint64_t(1) << AddressCache::kAddressBits) - 1;
constexpr std::uint32_t kAllRefs = (1u << AddressCache::kWays) - 1;

static_assert(kHeaderBytes + AddressCache::kWays * kEntryBytes <= 64, "entries fit the bucket");
static_assert(kRefShift + AddressCache::kWays <= 8 * kHeaderBytes, "reference bits fit the header");
static_assert(AddressCache::kWays <= 16, "the hand fits four bits");

std::uint32_t refs_of(const std::uint64_t* words) { return static_cast<std::uint32_t>(words[0] >> kRefShift) & kAllRefs; }
void set_refs(std::uint64_t* words, std::uint32_t refs) {
  words[0] = (words[0] & ~(std::uint64_t(kAllRefs) << kRefShift)) | (std::uint64_t(refs & kAllRefs) << kRefShift);
}
std::uint32_t hand_of(const std::uint64_t* words) { return static_cast<std::uint32_t>(words[0] >> kHandShift) & 0xF; }
void set_hand(std::uint64_t* words, std::uint32_t hand) {
  words[0] = (words[0] & ~(std::uint64_t(0xF) << kHandShift)) | (std::uint64_t(hand) << kHandShift);
}

std::uint64_t entry(const std::uint64_t* words, std::uint32_t i) {
  std::uint64_t v = 0;
  std::memcpy(&v, reinterpret_cast<const char*>(words) + kHeaderBytes + i * kEntryBytes, kEntryBytes);
  return v;
}
std::uint32_t entry_tag(std::uint64_t e) { return static_cast<std::uint32_t>(e >> AddressCache::kAddressBits); }
void set_entry(std::uint64_t* words, std::uint32_t i, std::uint32_t tag, std::uint64_t units) {
  const std::uint64_t v = (std::uint64_t(tag) << AddressCache::kAddressBits) | (units & kUnitMask);
  std::memcpy(reinterpret_cast<char*>(words) + kHeaderBytes + i * kEntryBytes, &v, kEntryBytes);
}

/// Records are 8-byte aligned; an address less than 2^28 units after begin is cached.
bool encode(std::uint64_t addr, std::uint64_t begin, std::uint64_t& units) {
  if (addr == 0 || (addr & 7) != 0 || addr < begin) return false;
  if ((addr >> 3) - (begin >> 3) > kUnitMask) return false;
  units = (addr >> 3) & kUnitMask;
  return true;
}
/// The address at or after begin (rounded down to 8) whose units are `units` modulo 2^28.
std::uint64_t decode(std::uint64_t units, std::uint64_t begin) {
  const std::uint64_t base = begin >> 3;
  return (base + ((units - base) & kUnitMask)) << 3;
}

}  // namespace

AddressCache::AddressCache(std::uint64_t bytes) : buckets_(std::min<std::uint64_t>(bytes / 64, 0xFFFFFFFFull)) {
  if (buckets_ > 0) {
    table_ = std::make_unique<Bucket[]>(buckets_);
    for (std::uint64_t i = 0; i < buckets_; ++i) {
      for (auto& w : table_[i].w) w.store(0, std::memory_order_relaxed);
    }
  }
}

std::uint64_t AddressCache::bucket_of(std::uint64_t hash) const {
  // Multiply-shift range reduction on the top 32 bits (the tag takes bits 16-27).
  return ((hash >> 32) * buckets_) >> 32;
}

std::uint32_t AddressCache::tag_of(std::uint64_t hash) {
  const auto t = static_cast<std::uint32_t>(hash >> 16) & 0xFFF;
  return t ? t : 1;
}

bool AddressCache::snapshot(const Bucket& b, std::uint64_t* words) const {
  const std::uint64_t w0 = b.w[0].load(std::memory_order_acquire);
  if (w0 & 1) return false;
  for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  // Only the version counts: a lookup's reference bit changes word 0 without a write.
  if ((b.w[0].load(std::memory_order_relaxed) ^ w0) & kVersionMask) return false;
  words[0] = w0;
  return true;
}

AddressCache::Probe AddressCache::lookup(std::uint64_t hash, std::uint64_t begin) const {
  Probe p;
  if (buckets_ == 0) return p;
  p.bucket = bucket_of(hash);
  std::uint64_t words[8];
  if (!snapshot(table_[p.bucket], words)) return p;
  p.version = words[0] & kVersionMask;
  const std::uint32_t tag = tag_of(hash);
  for (std::uint32_t i = 0; i < kWays; ++i) {
    const std::uint64_t e = entry(words, i);
    if (entry_tag(e) != tag) continue;
    p.addr = decode(e & kUnitMask, begin);
    // Referenced: spared once by the next replacement. Only the spare bits change (no version
    // bump); a write racing with it may drop the bit, which costs at most one early eviction.
    if (!((refs_of(words) >> i) & 1)) {
      const_cast<Bucket&>(table_[p.bucket]).w[0].fetch_or(std::uint64_t(1) << (kRefShift + i), std::memory_order_relaxed);
    }
    break;
  }
  return p;
}

void AddressCache::put(std::uint64_t* words, std::uint32_t tag, std::uint64_t units, bool remove) {
  std::uint32_t refs = refs_of(words);
  for (std::uint32_t i = 0; i < kWays; ++i) {
    if (entry_tag(entry(words, i)) == tag) {  // at most one entry per tag
      set_entry(words, i, remove ? 0 : tag, remove ? 0 : units);
      if (remove) set_refs(words, refs & ~(1u << i));
      return;
    }
  }
  if (remove) return;
  for (std::uint32_t i = 0; i < kWays; ++i) {
    if (entry_tag(entry(words, i)) == 0) {
      set_entry(words, i, tag, units);
      set_refs(words, refs & ~(1u << i));
      return;
    }
  }
  // Full: CLOCK from the bucket's hand; a referenced entry loses its bit and is passed over once.
  std::uint32_t next = hand_of(words) % kWays;
  for (std::uint32_t k = 0; k < kWays && ((refs >> next) & 1); ++k) {
    refs &= ~(1u << next);
    next = (next + 1) % kWays;
  }
  set_entry(words, next, tag, units);
  set_refs(words, refs & ~(1u << next));
  set_hand(words, (next + 1) % kWays);
}

std::uint64_t AddressCache::lock(Bucket& b) {
  std::uint64_t w0 = b.w[0].load(std::memory_order_relaxed);
  for (;;) {
    if (!(w0 & 1) && b.w[0].compare_exchange_weak(w0, w0 + 1, std::memory_order_acq_rel)) {
      std::atomic_thread_fence(std::memory_order_release);  // the odd version before the entries (seqlock)
      return w0;
    }
    if (w0 & 1) {
      std::this_thread::yield();
      w0 = b.w[0].load(std::memory_order_relaxed);
    }
  }
}

void AddressCache::publish(Bucket& b, std::uint64_t w0, const std::uint64_t* words) {
  for (int i = 1; i < 8; ++i) b.w[i].store(words[i], std::memory_order_relaxed);
  const std::uint64_t version = ((w0 & kVersionMask) + 2) & kVersionMask;
  b.w[0].store((words[0] & ~kVersionMask) | version, std::memory_order_release);
}

void AddressCache::install(std::uint64_t hash, std::uint64_t addr, const Probe& probe, std::uint64_t begin,
                           std::uint64_t floor) const {
  std::uint64_t units = 0;
  if (buckets_ == 0 || (probe.version & 1) || probe.addr == addr || addr < floor || !encode(addr, begin, units)) return;
  Bucket& b = const_cast<Bucket&>(table_[probe.bucket]);
  // Locks the bucket only if nothing was written to it since the probe (see the file comment).
  std::uint64_t w0 = b.w[0].load(std::memory_order_relaxed);
  for (;;) {
    if ((w0 & kVersionMask) != probe.version) return;
    if (b.w[0].compare_exchange_weak(w0, w0 + 1, std::memory_order_acq_rel)) break;
  }
  std::atomic_thread_fence(std::memory_order_release);  // the odd version before the entries (seqlock)
  std::uint64_t words[8];
  for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
  words[0] = b.w[0].load(std::memory_order_relaxed);  // the header with the latest reference bits
  // A newer version of a key lies at a higher address (the log only appends): an entry for the tag
  // above `addr` is kept, which also covers a version that wrapped around during the chunk read.
  const std::uint32_t tag = tag_of(hash);
  bool newer = false;
  for (std::uint32_t i = 0; i < kWays; ++i) {
    const std::uint64_t e = entry(words, i);
    if (entry_tag(e) == tag) {
      newer = decode(e & kUnitMask, begin) > addr;
      break;
    }
  }
  if (!newer) put(words, tag, units, false);
  publish(b, w0, words);
}

void AddressCache::set(std::uint64_t hash, std::uint64_t addr, std::uint64_t begin) {
  if (buckets_ == 0) return;
  std::uint64_t units = 0;
  const bool keep = encode(addr, begin, units);
  Bucket& b = table_[bucket_of(hash)];
  const std::uint64_t w0 = lock(b);
  std::uint64_t words[8];
  for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
  words[0] = b.w[0].load(std::memory_order_relaxed);
  put(words, tag_of(hash), units, !keep);
  publish(b, w0, words);
}

void AddressCache::sweep(std::uint64_t begin, std::uint64_t new_begin) {
  for (std::uint64_t k = 0; k < buckets_; ++k) {
    Bucket& b = table_[k];
    const std::uint64_t w0 = lock(b);
    std::uint64_t words[8];
    for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
    words[0] = b.w[0].load(std::memory_order_relaxed);
    std::uint32_t refs = refs_of(words);
    for (std::uint32_t i = 0; i < kWays; ++i) {
      const std::uint64_t e = entry(words, i);
      if (entry_tag(e) != 0 && decode(e & kUnitMask, begin) < new_begin) {
        set_entry(words, i, 0, 0);
        refs &= ~(1u << i);
      }
    }
    set_refs(words, refs);
    publish(b, w0, words);
  }
}

}  // namespace plab::kv
