#include "plugins/kvstore/store/hot_index.h"

#include <bit>

#include "plugins/kvstore/store/status.h"

namespace plab::kv {
namespace {
constexpr std::uint64_t kTagMask = std::uint64_t(0x3FFF) << 48;
std::uint64_t tag_bits(std::uint64_t e) { return (e & kTagMask) >> 48; }
}  // namespace

HotIndex::HotIndex(std::uint64_t num_buckets) {
  std::uint64_t n = std::bit_ceil(std::max<std::uint64_t>(num_buckets, 16));
  mask_ = n - 1;
  buckets_ = std::make_unique<Bucket[]>(n);
  blocks_ = std::make_unique<std::atomic<Bucket*>[]>(kMaxBlocks);
  owned_ = std::make_unique<std::unique_ptr<Bucket[]>[]>(kMaxBlocks);
}

bool HotIndex::find(std::uint64_t hash, Slot& s) const {
  const std::uint64_t tag = tag_of(hash);
  const Bucket* b = &buckets_[hash & mask_];
  for (;;) {
    for (auto& entry : b->entries) {
      std::uint64_t e = entry.load(std::memory_order_acquire);
      if (e != 0 && !(e & kTentativeBit) && tag_bits(e) == tag) {
        s.entry = const_cast<std::atomic<std::uint64_t>*>(&entry);
        s.value = e;
        return true;
      }
    }
    std::uint64_t ov = b->overflow.load(std::memory_order_acquire);
    if (ov == 0) return false;
    b = overflow_bucket(ov);
  }
}

HotIndex::Bucket* HotIndex::link_overflow(Bucket* b) {
  std::lock_guard<std::mutex> lock(grow_mutex_);
  std::uint64_t ov = b->overflow.load(std::memory_order_acquire);
  if (ov != 0) return overflow_bucket(ov);
  std::uint64_t id = overflow_used_.load() + 1;
  const std::uint64_t block = (id - 1) / kBlock;
  if (block >= kMaxBlocks) throw KvError("kvstore: hot index overflow space exhausted");
  if (!owned_[block]) {
    owned_[block] = std::make_unique<Bucket[]>(kBlock);
    blocks_[block].store(owned_[block].get(), std::memory_order_release);
  }
  overflow_used_.store(id);
  b->overflow.store(id, std::memory_order_release);
  return overflow_bucket(id);
}

bool HotIndex::other_with_tag(std::uint64_t hash, std::uint64_t tag,
                              const std::atomic<std::uint64_t>* mine) const {
  const Bucket* b = &buckets_[hash & mask_];
  for (;;) {
    for (auto& entry : b->entries) {
      if (&entry == mine) continue;
      std::uint64_t e = entry.load(std::memory_order_acquire);
      if (e != 0 && tag_bits(e) == tag) return true;
    }
    std::uint64_t ov = b->overflow.load(std::memory_order_acquire);
    if (ov == 0) return false;
    b = overflow_bucket(ov);
  }
}

void HotIndex::find_or_create(std::uint64_t hash, Slot& s) {
  const std::uint64_t tag = tag_of(hash);
  for (;;) {
    if (find(hash, s)) return;
    std::atomic<std::uint64_t>* free = nullptr;
    Bucket* b = &buckets_[hash & mask_];
    while (!free) {
      for (auto& entry : b->entries) {
        if (entry.load(std::memory_order_relaxed) == 0) {
          free = &entry;
          break;
        }
      }
      if (free) break;
      std::uint64_t ov = b->overflow.load(std::memory_order_acquire);
      b = ov ? overflow_bucket(ov) : link_overflow(b);
    }
    std::uint64_t expected = 0;
    if (!free->compare_exchange_strong(expected, (tag << 48) | kTentativeBit)) continue;
    if (other_with_tag(hash, tag, free)) {
      free->store(0, std::memory_order_release);
      continue;
    }
    free->store(tag << 48, std::memory_order_release);
    s.entry = free;
    s.value = tag << 48;
    return;
  }
}

void HotIndex::garbage_collect(std::uint64_t begin) {
  auto sweep = [begin](Bucket& b) {
    for (auto& entry : b.entries) {
      std::uint64_t e = entry.load(std::memory_order_relaxed);
      if (e == 0 || (e & (kReadCacheBit | kTentativeBit))) continue;
      if (address(e) < begin) entry.compare_exchange_strong(e, 0);
    }
  };
  for (std::uint64_t i = 0; i <= mask_; ++i) sweep(buckets_[i]);
  const std::uint64_t used = overflow_used_.load();
  for (std::uint64_t id = 1; id <= used; ++id) sweep(*overflow_bucket(id));
}

void HotIndex::recover_insert(std::uint64_t hash, std::uint64_t addr) {
  Slot s;
  find_or_create(hash, s);
  if (address(s.value) < addr) s.entry->store(make(addr, hash, false));
}

void HotIndex::count(std::uint64_t begin, std::uint64_t& used, std::uint64_t& stale, std::uint64_t& cached) const {
  used = stale = cached = 0;
  auto visit = [&](const Bucket& b) {
    for (auto& entry : b.entries) {
      std::uint64_t e = entry.load(std::memory_order_relaxed);
      if (e == 0) continue;
      ++used;
      if (e & kReadCacheBit) ++cached;
      else if (address(e) < begin) ++stale;
    }
  };
  for (std::uint64_t i = 0; i <= mask_; ++i) visit(buckets_[i]);
  for (std::uint64_t id = 1; id <= overflow_used_.load(); ++id) visit(*overflow_bucket(id));
}

std::uint64_t HotIndex::memory_bytes() const {
  return (mask_ + 1 + overflow_used_.load()) * sizeof(Bucket);
}

}  // namespace plab::kv
