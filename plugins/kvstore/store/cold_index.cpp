#include "plugins/kvstore/store/cold_index.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace plab::kv {

ColdIndex::ColdIndex(HybridLog& chunks, std::uint64_t num_chunks, std::uint64_t cache_bytes) : chunks_(chunks) {
  const std::uint64_t n = std::bit_ceil(std::max<std::uint64_t>(num_chunks, 1));
  mask_ = n - 1;
  dir_ = std::make_unique<std::atomic<std::uint64_t>[]>(n);
  cache_slots_ = std::min<std::uint64_t>(cache_bytes / sizeof(CacheSlot), n);
  if (cache_slots_ > 0) cache_ = std::make_unique<CacheSlot[]>(cache_slots_);
}

void ColdIndex::heads_for(const std::uint64_t* words, std::uint64_t hash, std::uint64_t& first,
                          std::uint64_t& second) {
  const std::uint64_t tag = tag_of(hash);
  const std::uint32_t base = static_cast<std::uint32_t>((hash >> 43) & 3) * 8;
  const std::uint32_t fb = fallback_of(hash);
  first = second = 0;
  int own = -1;
  for (std::uint32_t i = base; i < base + 8; ++i) {
    if (words[i] != 0 && ((words[i] >> 48) & 0x3FFF) == tag) {
      own = static_cast<int>(i);
      break;
    }
  }
  const bool shared = (words[fb] & kSharedBit) != 0;
  if (own >= 0) {
    first = words[own] & kAddressMask;
    if (shared && static_cast<std::uint32_t>(own) != fb) second = words[fb] & kAddressMask;
  } else if (shared) {
    first = words[fb] & kAddressMask;
  }
}

std::uint32_t ColdIndex::insert_entry(std::uint64_t* words, std::uint64_t hash, std::uint64_t cold_begin) {
  const std::uint64_t tag = tag_of(hash);
  const std::uint32_t base = static_cast<std::uint32_t>((hash >> 43) & 3) * 8;
  auto dead = [&](std::uint64_t w) { return w == 0 || (w & kAddressMask) < cold_begin; };
  for (std::uint32_t i = base; i < base + 8; ++i) {
    if (words[i] != 0 && ((words[i] >> 48) & 0x3FFF) == tag) {
      if (dead(words[i])) words[i] = tag << 48;  // its chain is gone: start afresh, not shared
      return i;
    }
  }
  for (std::uint32_t i = base; i < base + 8; ++i) {
    if (dead(words[i])) {
      words[i] = tag << 48;
      return i;
    }
  }
  const std::uint32_t fb = fallback_of(hash);
  words[fb] |= kSharedBit;
  return fb;
}

bool ColdIndex::cached_chunk(std::uint64_t cid, std::uint64_t addr, std::uint64_t* out) const {
  if (cache_slots_ == 0) return false;
  const CacheSlot& c = cache_[cid % cache_slots_];
  const std::uint64_t s1 = c.seq.load(std::memory_order_acquire);
  if ((s1 & 1) || c.addr.load(std::memory_order_relaxed) != addr) return false;
  const std::uint64_t mask = c.mask.load(std::memory_order_relaxed);
  std::uint32_t k = 0;
  for (std::uint32_t i = 0; i < kEntries; ++i) {
    // A torn mask (more bits than slots) is caught by the sequence check below.
    out[i] = ((mask >> i) & 1) && k < kCachedEntries ? c.vals[k++].load(std::memory_order_relaxed) : 0;
  }
  std::atomic_thread_fence(std::memory_order_acquire);
  return c.seq.load(std::memory_order_relaxed) == s1;
}

void ColdIndex::cache_install(std::uint64_t cid, std::uint64_t addr, const std::uint64_t* vals) const {
  if (cache_slots_ == 0) return;
  std::uint64_t mask = 0;
  for (std::uint32_t i = 0; i < kEntries; ++i) mask |= static_cast<std::uint64_t>(vals[i] != 0) << i;
  if (std::popcount(mask) > static_cast<int>(kCachedEntries)) return;
  CacheSlot& c = const_cast<CacheSlot&>(cache_[cid % cache_slots_]);
  std::uint64_t s = c.seq.load(std::memory_order_relaxed);
  if ((s & 1) || !c.seq.compare_exchange_strong(s, s + 1, std::memory_order_acq_rel)) return;
  c.addr.store(addr, std::memory_order_relaxed);
  c.mask.store(mask, std::memory_order_relaxed);
  std::uint32_t k = 0;
  for (std::uint32_t i = 0; i < kEntries; ++i) {
    if (vals[i] != 0) c.vals[k++].store(vals[i], std::memory_order_relaxed);
  }
  c.seq.store(s + 2, std::memory_order_release);
}

Status ColdIndex::load_chunk(std::uint64_t addr, std::uint64_t* out) const {
  if (addr >= chunks_.head()) {
    const RecordHeader* h = chunks_.get(addr);
    auto* words = reinterpret_cast<std::uint64_t*>(const_cast<char*>(h->value_data()));
    for (std::uint32_t i = 0; i < kEntries; ++i)
      out[i] = std::atomic_ref<std::uint64_t>(words[i]).load(std::memory_order_acquire);
    return Status::Ok;
  }
  thread_local std::string buf;
  Status s = chunks_.read_disk(addr, buf);
  if (s != Status::Ok) return s;
  const auto* h = reinterpret_cast<const RecordHeader*>(buf.data());
  if (h->key_len != 8 || h->value_len != kChunkBytes) return Status::Corruption;
  std::memcpy(out, h->value_data(), kChunkBytes);
  return Status::Ok;
}

Status ColdIndex::find(std::uint64_t hash, std::uint64_t& head, std::uint64_t& alt) const {
  // The synchronous lookup is the asynchronous one with its chunk read done in place.
  std::uint64_t disk = 0;
  find_start(hash, head, alt, disk);
  if (disk == 0) return Status::Ok;
  std::uint64_t vals[kEntries];
  Status s = load_chunk(disk, vals);
  if (s != Status::Ok) return s;
  cache_install(chunk_of(hash), disk, vals);
  heads_for(vals, hash, head, alt);
  return Status::Ok;
}

void ColdIndex::find_start(std::uint64_t hash, std::uint64_t& head, std::uint64_t& alt, std::uint64_t& disk) const {
  head = alt = disk = 0;
  const std::uint64_t cid = chunk_of(hash);
  const std::uint64_t a = dir_[cid].load(std::memory_order_acquire);
  if (a == 0 || a < chunks_.begin()) return;
  std::uint64_t vals[kEntries];
  if (a >= chunks_.head()) {
    const RecordHeader* h = chunks_.get(a);
    auto* words = reinterpret_cast<std::uint64_t*>(const_cast<char*>(h->value_data()));
    for (std::uint32_t i = 0; i < kEntries; ++i)
      vals[i] = std::atomic_ref<std::uint64_t>(words[i]).load(std::memory_order_acquire);
  } else if (cached_chunk(cid, a, vals)) {
    cache_hits_.fetch_add(1, std::memory_order_relaxed);
  } else {
    disk_lookups_.fetch_add(1, std::memory_order_relaxed);
    disk = a;
    return;
  }
  heads_for(vals, hash, head, alt);
}

Status ColdIndex::find_finish(std::uint64_t hash, std::uint64_t disk, const std::string& record, std::uint64_t& head,
                              std::uint64_t& alt) const {
  head = alt = 0;
  const auto* h = reinterpret_cast<const RecordHeader*>(record.data());
  if (record.size() < sizeof(RecordHeader) || h->key_len != 8 || h->value_len != kChunkBytes) return Status::Corruption;
  std::uint64_t vals[kEntries];
  std::memcpy(vals, h->value_data(), kChunkBytes);
  cache_install(chunk_of(hash), disk, vals);
  heads_for(vals, hash, head, alt);
  return Status::Ok;
}

void ColdIndex::append_chunk(std::uint64_t cid, const std::uint64_t* vals, int slot) {
  const std::uint64_t na = chunks_.allocate(static_cast<std::uint32_t>(chunk_record_bytes()), slot);
  write_record(chunks_.get(na), std::string_view(reinterpret_cast<const char*>(&cid), 8),
               std::string_view(reinterpret_cast<const char*>(vals), kChunkBytes), 0, 0);
  dir_[cid].store(na, std::memory_order_release);
}

Status ColdIndex::prefetch(const std::vector<std::uint64_t>& cids, std::vector<std::uint64_t>& vals,
                           std::vector<char>& have, int slot) {
  vals.assign(cids.size() * kEntries, 0);
  have.assign(cids.size(), 0);
  const std::uint64_t begin = chunks_.begin();
  const std::uint64_t head = chunks_.head();
  LogScanner scan(chunks_, begin, head);
  const RecordHeader* h = nullptr;
  std::uint64_t addr = 0;
  Status s;
  std::uint64_t n = 0;
  while ((s = scan.next(h, addr)) == Status::Ok) {
    // A long sequential pass: let the epoch move on (the records are in the scanner's buffer).
    if ((++n & 63) == 0) chunks_.epoch().refresh(slot);
    std::uint64_t cid = 0;
    std::memcpy(&cid, h->key_data(), 8);
    if (cid > mask_ || dir_[cid].load(std::memory_order_relaxed) != addr) continue;
    auto it = std::lower_bound(cids.begin(), cids.end(), cid);
    if (it == cids.end() || *it != cid) continue;
    const std::size_t k = static_cast<std::size_t>(it - cids.begin());
    std::memcpy(vals.data() + k * kEntries, h->value_data(), kChunkBytes);
    have[k] = 1;
  }
  return s == Status::NotFound ? Status::Ok : s;
}

Status ColdIndex::update_batch(std::vector<ColdLink>& links, const ChunkEditor& edit, int slot) {
  std::sort(links.begin(), links.end(), [this](const ColdLink& x, const ColdLink& y) {
    return chunk_of(x.hash) < chunk_of(y.hash);
  });
  // Chunks of this batch whose newest copy is on disk: when there are many, one sequential pass
  // over the chunk log (read-ahead of 256 KiB) costs fewer I/Os than a random read per chunk.
  std::vector<std::uint64_t> on_disk;
  const std::uint64_t head = chunks_.head();
  for (std::size_t i = 0; i < links.size(); ++i) {
    const std::uint64_t cid = chunk_of(links[i].hash);
    if (!on_disk.empty() && on_disk.back() == cid) continue;
    const std::uint64_t a = dir_[cid].load(std::memory_order_acquire);
    if (a != 0 && a >= chunks_.begin() && a < head) on_disk.push_back(cid);
  }
  std::vector<std::uint64_t> pre_vals;
  std::vector<char> pre_have;
  const std::uint64_t scan_reads = (head - std::min(head, chunks_.begin())) / (256u << 10) + 1;
  const bool use_scan = on_disk.size() > 4 * scan_reads + 16;
  if (use_scan) {
    Status s = prefetch(on_disk, pre_vals, pre_have, slot);
    if (s != Status::Ok) return s;
  }
  std::size_t i = 0, d = 0, groups = 0;
  while (i < links.size()) {
    // Between chunks no log memory is held: refresh, so that a batch's chunk and record I/Os
    // (seconds for a large batch) do not hold back the other threads' epoch actions.
    if ((++groups & 15) == 0) chunks_.epoch().refresh(slot);
    const std::uint64_t cid = chunk_of(links[i].hash);
    std::size_t j = i;
    while (j < links.size() && chunk_of(links[j].hash) == cid) ++j;
    const std::uint64_t a = dir_[cid].load(std::memory_order_acquire);
    const bool valid = a != 0 && a >= chunks_.begin();
    std::uint64_t vals[kEntries] = {};
    if (valid) {
      while (d < on_disk.size() && on_disk[d] < cid) ++d;
      if (use_scan && d < on_disk.size() && on_disk[d] == cid && pre_have[d]) {
        std::memcpy(vals, pre_vals.data() + d * kEntries, kChunkBytes);
      } else if (a >= chunks_.head() || !cached_chunk(cid, a, vals)) {
        Status s = load_chunk(a, vals);
        if (s != Status::Ok) return s;
      }
    }
    std::uint64_t before[kEntries];
    std::memcpy(before, vals, sizeof vals);
    Status s = edit(vals, links.data() + i, j - i);
    if (s != Status::Ok) return s;
    if (std::memcmp(before, vals, sizeof vals) != 0) {
      if (valid && a >= chunks_.read_only()) {
        auto* words = reinterpret_cast<std::uint64_t*>(chunks_.get(a)->value_data());
        for (std::uint32_t k = 0; k < kEntries; ++k) {
          if (vals[k] != before[k]) std::atomic_ref<std::uint64_t>(words[k]).store(vals[k], std::memory_order_release);
        }
      } else {
        if (!valid) live_.fetch_add(1);
        append_chunk(cid, vals, slot);
      }
    }
    i = j;
  }
  return Status::Ok;
}

Status ColdIndex::compact(std::uint64_t until, int slot, std::string& error) {
  LogScanner scan(chunks_, chunks_.begin(), until);
  const RecordHeader* h = nullptr;
  std::uint64_t addr = 0;
  Status s;
  std::uint64_t n = 0;
  while ((s = scan.next(h, addr)) == Status::Ok) {
    if ((++n & 63) == 0) chunks_.epoch().refresh(slot);
    std::uint64_t cid = 0;
    std::memcpy(&cid, h->key_data(), 8);
    if (cid > mask_ || dir_[cid].load() != addr) continue;
    std::uint64_t vals[kEntries];
    std::memcpy(vals, h->value_data(), kChunkBytes);
    append_chunk(cid, vals, slot);
  }
  if (s == Status::NotFound) return Status::Ok;
  error = scan.error();
  return s;
}

Status ColdIndex::rebuild(std::uint64_t begin, std::uint64_t durable, std::string& error) {
  for (std::uint64_t i = 0; i <= mask_; ++i) dir_[i].store(0);
  std::uint64_t live = 0;
  LogScanner scan(chunks_, begin, durable);
  const RecordHeader* h = nullptr;
  std::uint64_t addr = 0;
  Status s;
  while ((s = scan.next(h, addr)) == Status::Ok) {
    std::uint64_t cid = 0;
    if (h->key_len != 8 || h->value_len != kChunkBytes) {
      error = chunks_.config().file.string() + ": record at offset " + std::to_string(addr) +
              " is not a 256-byte hash chunk";
      return Status::Corruption;
    }
    std::memcpy(&cid, h->key_data(), 8);
    if (cid > mask_) {
      error = chunks_.config().file.string() + ": chunk id " + std::to_string(cid) + " at offset " +
              std::to_string(addr) + " exceeds the directory size " + std::to_string(mask_ + 1);
      return Status::Corruption;
    }
    if (dir_[cid].load() == 0) ++live;
    dir_[cid].store(addr);
  }
  live_.store(live);
  if (s == Status::NotFound) return Status::Ok;
  error = scan.error();
  return s;
}

}  // namespace plab::kv
