#include "plugins/kvstore/store/address_cache.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace plab::kv {
namespace {

constexpr std::uint64_t kVersionMask = 0xFFFFFFFFull;
constexpr std::uint32_t kEntryBytes = 6;
// Reference bits (CLOCK), one per entry, in the two bytes after the entries: bits 48-56 of word 7.
constexpr int kRefShift = 48;
constexpr std::uint64_t kEntryArea = (std::uint64_t(1) << kRefShift) - 1;

std::uint32_t refs_of(const std::uint64_t* words) { return static_cast<std::uint32_t>(words[7] >> kRefShift) & 0x1FF; }
void set_refs(std::uint64_t* words, std::uint32_t refs) {
  words[7] = (words[7] & kEntryArea) | (static_cast<std::uint64_t>(refs & 0x1FF) << kRefShift);
}

/// Records are 8-byte aligned; an address that does not fit 32 bits of units is not cached.
bool encodable(std::uint64_t addr) { return addr != 0 && (addr & 7) == 0 && (addr >> 3) <= 0xFFFFFFFFull; }

std::uint16_t entry_tag(const std::uint64_t* words, std::uint32_t i) {
  std::uint16_t t;
  std::memcpy(&t, reinterpret_cast<const char*>(words + 1) + i * kEntryBytes, 2);
  return t;
}

std::uint64_t entry_addr(const std::uint64_t* words, std::uint32_t i) {
  std::uint32_t u;
  std::memcpy(&u, reinterpret_cast<const char*>(words + 1) + i * kEntryBytes + 2, 4);
  return static_cast<std::uint64_t>(u) << 3;
}

void set_entry(std::uint64_t* words, std::uint32_t i, std::uint16_t tag, std::uint64_t addr) {
  const auto u = static_cast<std::uint32_t>(addr >> 3);
  char* p = reinterpret_cast<char*>(words + 1) + i * kEntryBytes;
  std::memcpy(p, &tag, 2);
  std::memcpy(p + 2, &u, 4);
}

}  // namespace

static_assert(AddressCache::kWays * kEntryBytes <= 7 * 8 - 2, "entries and their reference bits fit words 1-7");

AddressCache::AddressCache(std::uint64_t bytes) : buckets_(std::min<std::uint64_t>(bytes / 64, 0xFFFFFFFFull)) {
  if (buckets_ > 0) {
    table_ = std::make_unique<Bucket[]>(buckets_);
    for (std::uint64_t i = 0; i < buckets_; ++i) {
      for (auto& w : table_[i].w) w.store(0, std::memory_order_relaxed);
    }
  }
}

std::uint64_t AddressCache::bucket_of(std::uint64_t hash) const {
  // Multiply-shift range reduction on the top 32 bits (the tag takes bits 16-31).
  return ((hash >> 32) * buckets_) >> 32;
}

std::uint16_t AddressCache::tag_of(std::uint64_t hash) {
  const auto t = static_cast<std::uint16_t>(hash >> 16);
  return t ? t : 1;
}

bool AddressCache::snapshot(const Bucket& b, std::uint64_t* words) const {
  const std::uint64_t w0 = b.w[0].load(std::memory_order_acquire);
  if (w0 & 1) return false;
  for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (b.w[0].load(std::memory_order_relaxed) != w0) return false;
  words[0] = w0;
  return true;
}

AddressCache::Probe AddressCache::lookup(std::uint64_t hash) const {
  Probe p;
  p.version = 1;  // odd: install() refuses
  if (buckets_ == 0) return p;
  p.bucket = bucket_of(hash);
  std::uint64_t words[8];
  if (!snapshot(table_[p.bucket], words)) return p;
  p.version = words[0];
  const std::uint16_t tag = tag_of(hash);
  for (std::uint32_t i = 0; i < kWays; ++i) {
    if (entry_tag(words, i) == tag) {
      p.addr = entry_addr(words, i);
      // Referenced: spared once by the next replacement. Only the spare bits change (no version
      // bump); a write racing with it may drop the bit, which costs at most one early eviction.
      if (!((refs_of(words) >> i) & 1)) {
        const_cast<Bucket&>(table_[p.bucket]).w[7].fetch_or(std::uint64_t(1) << (kRefShift + i), std::memory_order_relaxed);
      }
      break;
    }
  }
  return p;
}

void AddressCache::put(std::uint64_t* words, std::uint16_t tag, std::uint64_t addr) {
  std::uint32_t refs = refs_of(words);
  for (std::uint32_t i = 0; i < kWays; ++i) {
    if (entry_tag(words, i) == tag) {
      set_entry(words, i, addr ? tag : 0, addr);
      if (addr == 0) set_refs(words, refs & ~(1u << i));
      return;
    }
  }
  if (addr == 0) return;
  for (std::uint32_t i = 0; i < kWays; ++i) {
    if (entry_tag(words, i) == 0) {
      set_entry(words, i, tag, addr);
      set_refs(words, refs & ~(1u << i));
      return;
    }
  }
  // Full: CLOCK from the bucket's hand; a referenced entry loses its bit and is passed over once.
  auto next = static_cast<std::uint32_t>((words[0] >> 32) & 0xFF) % kWays;
  for (std::uint32_t k = 0; k < kWays && ((refs >> next) & 1); ++k) {
    refs &= ~(1u << next);
    next = (next + 1) % kWays;
  }
  set_entry(words, next, tag, addr);
  set_refs(words, refs & ~(1u << next));
  words[0] = (words[0] & kVersionMask) | (static_cast<std::uint64_t>((next + 1) % kWays) << 32);
}

void AddressCache::publish(Bucket& b, std::uint64_t w0, const std::uint64_t* words) {
  for (int i = 1; i < 8; ++i) b.w[i].store(words[i], std::memory_order_relaxed);
  const std::uint64_t version = ((w0 & kVersionMask) + 1) & kVersionMask;
  b.w[0].store((words[0] & ~kVersionMask) | version, std::memory_order_release);
}

void AddressCache::install(std::uint64_t hash, std::uint64_t addr, const Probe& probe) const {
  if (buckets_ == 0 || (probe.version & 1) || !encodable(addr) || probe.addr == addr) return;
  Bucket& b = const_cast<Bucket&>(table_[probe.bucket]);
  std::uint64_t w0 = probe.version;
  // Locks the bucket only if nothing was written to it since the probe (see the file comment).
  if (!b.w[0].compare_exchange_strong(w0, w0 + 1, std::memory_order_acq_rel)) return;
  std::uint64_t words[8];
  words[0] = w0;
  for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
  put(words, tag_of(hash), addr);
  publish(b, w0 + 1, words);
}

void AddressCache::set(std::uint64_t hash, std::uint64_t addr) {
  if (buckets_ == 0) return;
  if (!encodable(addr)) addr = 0;
  Bucket& b = table_[bucket_of(hash)];
  std::uint64_t w0 = b.w[0].load(std::memory_order_relaxed);
  for (;;) {
    if (!(w0 & 1) && b.w[0].compare_exchange_weak(w0, w0 + 1, std::memory_order_acq_rel)) break;
    if (w0 & 1) {
      std::this_thread::yield();
      w0 = b.w[0].load(std::memory_order_relaxed);
    }
  }
  std::uint64_t words[8];
  words[0] = w0;
  for (int i = 1; i < 8; ++i) words[i] = b.w[i].load(std::memory_order_relaxed);
  put(words, tag_of(hash), addr);
  publish(b, w0 + 1, words);
}

}  // namespace plab::kv
