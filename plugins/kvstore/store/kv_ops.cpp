// The store's operations: read, upsert/delete, read-modify-write (F2 section 4), and the read
// cache's insertion and eviction.
#include <thread>

#include "plugins/kvstore/store/hash.h"
#include "plugins/kvstore/store/kv_store.h"

namespace plab::kv {

std::uint64_t KvStore::skip_read_cache(std::uint64_t entry) const {
  if (!HotIndex::in_read_cache(entry)) return HotIndex::address(entry);
  return rc_->get(HotIndex::address(entry))->prev();
}

Status KvStore::walk_hot(std::string_view key, std::uint64_t a, Find& found, std::string& value, bool& on_disk,
                         int slot) {
  thread_local std::string buf;
  found = Find::Absent;
  on_disk = false;
  while (a != 0 && a >= hot_->begin()) {
    if (a >= hot_->head()) {
      const RecordHeader* r = hot_->get(a);
      if (r->key() == key) {
        if (r->tombstone()) {
          found = Find::Tombstone;
        } else {
          RecordLock::read_value(r, value);
          found = Find::Found;
          counters_[slot].hot_mem.fetch_add(1, std::memory_order_relaxed);
        }
        return Status::Ok;
      }
      a = r->prev();
      continue;
    }
    Status s = hot_->read_disk(a, buf);
    if (s != Status::Ok) return s;
    const auto* r = reinterpret_cast<const RecordHeader*>(buf.data());
    if (r->key() == key) {
      if (r->tombstone()) {
        found = Find::Tombstone;
      } else {
        value.assign(r->value_data(), r->value_len);
        found = Find::Found;
        on_disk = true;
        counters_[slot].hot_disk.fetch_add(1, std::memory_order_relaxed);
      }
      return Status::Ok;
    }
    a = r->prev();
  }
  return Status::Ok;
}

Status KvStore::read_cold(std::string_view key, std::uint64_t hash, Find& found, std::string& value) {
  thread_local std::string buf;
  found = Find::Absent;
  auto record_at = [&](std::uint64_t c, const RecordHeader*& r) {
    if (c >= cold_->head()) {
      r = cold_->get(c);
      return Status::Ok;
    }
    Status s = cold_->read_disk(c, buf);
    r = reinterpret_cast<const RecordHeader*>(buf.data());
    return s;
  };
  auto take = [&](const RecordHeader* r) {
    if (r->tombstone()) {
      found = Find::Tombstone;
    } else {
      value.assign(r->value_data(), r->value_len);
      found = Find::Found;
    }
  };
  // The address cache first: one record read when it knows where the key's newest version is.
  // A record on disk is CRC-checked; one that fails falls back to the chunk lookup (see read_batch_op).
  const AddressCache::Probe probe = addr_cache_->lookup(hash, cold_->begin());
  if (probe.addr != 0 && probe.addr >= cold_->begin() && probe.addr < cold_->tail()) {
    const RecordHeader* r = nullptr;
    Status s = record_at(probe.addr, r);
    if (s != Status::Ok && s != Status::Corruption) return s;
    if (s == Status::Ok && r->key() == key) {
      addr_cache_->count(true);
      take(r);
      return Status::Ok;
    }
  }
  if (addr_cache_->enabled()) addr_cache_->count(false);
  std::uint64_t chains[2] = {0, 0};
  Status s = cold_index_->find(hash, chains[0], chains[1]);
  if (s != Status::Ok) return s;
  // The key's own chain first, then the bucket's shared one (older versions, see ColdIndex).
  for (std::uint64_t c : chains) {
    while (c != 0 && c >= cold_->begin()) {
      const RecordHeader* r = nullptr;
      s = record_at(c, r);
      if (s != Status::Ok) return s;
      if (r->key() == key) {
        take(r);
        install_address(hash, c, probe);
        return Status::Ok;
      }
      c = r->prev();
    }
  }
  return Status::Ok;
}

void KvStore::try_cache(int slot, HotIndex::Slot& s, std::uint64_t hash, std::string_view key,
                        std::string_view value, std::uint64_t prev_hot) {
  const std::uint32_t size = record_size(key.size(), value.size());
  if (!rc_ || size * 4 > rc_->page_size()) return;
  const std::uint64_t ra = rc_->allocate(size, slot);
  RecordHeader* r = rc_->get(ra);
  write_record(r, key, value, prev_hot, 0);
  if (!HotIndex::cas(s, HotIndex::make(ra, hash, true))) r->info |= kInvalid;
}

void KvStore::evict_read_cache(std::uint64_t from, std::uint64_t to) {
  const std::uint64_t ps = rc_->page_size();
  for (std::uint64_t page = from / ps; page * ps < to; ++page) {
    std::uint64_t pos = std::max(from, page * ps);
    const std::uint64_t end = std::min(to, (page + 1) * ps);
    while (pos + sizeof(RecordHeader) <= end) {
      const RecordHeader* r = rc_->get(pos);
      if (r->key_len == 0) break;
      if (!r->invalid()) {
        const std::uint64_t h = hash_key(r->key());
        HotIndex::Slot s;
        if (hot_index_->find(h, s) && s.value == HotIndex::make(pos, h, true)) {
          // Back to the hot record under it, or free the entry when that was migrated away.
          const std::uint64_t prev = r->prev();
          HotIndex::cas(s, prev != 0 && prev >= hot_->begin() ? HotIndex::make(prev, h, false) : 0);
        }
      }
      pos += r->size();
    }
  }
}

Status KvStore::read_op(int slot, std::string_view key, std::string& value) {
  EpochGuard guard(epoch_, slot);
  const std::uint64_t h = hash_key(key);
  const std::uint64_t tail_at_start = hot_->tail();
  HotIndex::Slot s;
  const bool have = hot_index_->find(h, s);
  std::uint64_t prev_hot = 0;
  if (have) {
    if (HotIndex::in_read_cache(s.value)) {
      const RecordHeader* r = rc_->get(HotIndex::address(s.value));
      if (r->key() == key) {
        value.assign(r->value_data(), r->value_len);
        counters_[slot].rc_hits.fetch_add(1, std::memory_order_relaxed);
        // Second chance: a hit in the read cache's oldest (read-only) pages moves the record to
        // its tail, so that records read often stay cached instead of cycling out FIFO.
        if (HotIndex::address(s.value) < rc_->read_only()) try_cache(slot, s, h, key, value, r->prev());
        return Status::Ok;
      }
      prev_hot = r->prev();
    } else {
      prev_hot = HotIndex::address(s.value);
    }
    Find found;
    bool on_disk = false;
    Status st = walk_hot(key, prev_hot, found, value, on_disk, slot);
    if (st != Status::Ok) return st;
    if (found == Find::Tombstone) return Status::NotFound;
    if (found == Find::Found) {
      if (on_disk) try_cache(slot, s, h, key, value, prev_hot);
      return Status::Ok;
    }
  }
  Find found;
  Status st = read_cold(key, h, found, value);
  if (st != Status::Ok) return st;
  if (found != Find::Found) return Status::NotFound;
  counters_[slot].cold.fetch_add(1, std::memory_order_relaxed);
  // F2: a cold record that is read turns hot through the read cache, unless the hot log moved on
  // (a newer version may have been migrated meanwhile).
  if (rc_ && tail_at_start >= hot_->begin()) {
    if (!have) {
      hot_index_->find_or_create(h, s);
      if (HotIndex::address(s.value) != 0 || HotIndex::in_read_cache(s.value)) return Status::Ok;
    }
    try_cache(slot, s, h, key, value, prev_hot);
  }
  return Status::Ok;
}

Status KvStore::write_op(int slot, std::string_view key, std::string_view value, bool tombstone) {
  const std::uint32_t size = record_size(key.size(), value.size());
  if (key.empty() || size > max_record_) return Status::Unsupported;
  EpochGuard guard(epoch_, slot);
  Status st = throttle(slot);
  if (st != Status::Ok) return st;
  const std::uint64_t h = hash_key(key);
  for (;;) {
    HotIndex::Slot s;
    hot_index_->find_or_create(h, s);
    const std::uint64_t prev_hot = skip_read_cache(s.value);
    if (!tombstone) {
      // In place when the newest version lies in the mutable region (FASTER's fast path).
      const std::uint64_t ro = hot_->read_only();
      std::uint64_t a = prev_hot;
      while (a >= ro && a != 0) {
        RecordHeader* r = hot_->get(a);
        if (r->key() == key) {
          if (r->tombstone() || r->value_len != value.size()) break;
          RecordLock::lock(r);
          RecordLock::write_value(r, value);
          RecordLock::unlock(r);
          counters_[slot].in_place.fetch_add(1, std::memory_order_relaxed);
          return Status::Ok;
        }
        a = r->prev();
      }
    }
    const std::uint64_t na = hot_->allocate(size, slot);
    RecordHeader* r = hot_->get(na);
    write_record(r, key, value, prev_hot, tombstone ? kTombstone : 0);
    if (HotIndex::cas(s, HotIndex::make(na, h, false))) {
      counters_[slot].appends.fetch_add(1, std::memory_order_relaxed);
      return Status::Ok;
    }
    r->info |= kInvalid;
  }
}

Status KvStore::rmw_op(int slot, std::string_view key, const RmwFn& fn) {
  if (key.empty()) return Status::Unsupported;
  EpochGuard guard(epoch_, slot);
  Status st = throttle(slot);
  if (st != Status::Ok) return st;
  const std::uint64_t h = hash_key(key);
  std::string old, out;
  thread_local std::string buf;
  for (;;) {
    HotIndex::Slot s;
    hot_index_->find_or_create(h, s);
    const std::uint64_t prev_hot = skip_read_cache(s.value);
    Find found = Find::Absent;
    bool retry = false;
    if (HotIndex::in_read_cache(s.value)) {
      const RecordHeader* r = rc_->get(HotIndex::address(s.value));
      if (r->key() == key) {
        old.assign(r->value_data(), r->value_len);
        found = Find::Found;
      }
    }
    std::uint64_t a = found == Find::Absent ? prev_hot : 0;
    while (a != 0 && a >= hot_->begin()) {
      if (a >= hot_->head()) {
        RecordHeader* r = hot_->get(a);
        if (r->key() != key) {
          a = r->prev();
          continue;
        }
        if (r->tombstone()) {
          found = Find::Tombstone;
        } else if (a >= hot_->read_only()) {
          // Mutable: update in place under the record's lock.
          RecordLock::lock(r);
          RecordLock::read_value_locked(r, old);
          out.clear();
          fn(&old, out);
          if (out.size() == r->value_len) {
            RecordLock::write_value(r, out);
            RecordLock::unlock(r);
            counters_[slot].in_place.fetch_add(1, std::memory_order_relaxed);
            return Status::Ok;
          }
          RecordLock::unlock(r);
          found = Find::Found;
        } else if (a >= hot_->safe_read_only()) {
          retry = true;  // fuzzy region: a thread may still update it in place
        } else {
          RecordLock::read_value(r, old);
          found = Find::Found;
        }
        break;
      }
      st = hot_->read_disk(a, buf);
      if (st != Status::Ok) return st;
      const auto* r = reinterpret_cast<const RecordHeader*>(buf.data());
      if (r->key() == key) {
        if (r->tombstone()) {
          found = Find::Tombstone;
        } else {
          old.assign(r->value_data(), r->value_len);
          found = Find::Found;
        }
        break;
      }
      a = r->prev();
    }
    if (retry) {
      epoch_.refresh(slot);
      std::this_thread::yield();
      continue;
    }
    if (found == Find::Absent) {
      st = read_cold(key, h, found, old);
      if (st != Status::Ok) return st;
    }
    out.clear();
    fn(found == Find::Found ? &old : nullptr, out);
    const std::uint32_t size = record_size(key.size(), out.size());
    if (size > max_record_) return Status::Unsupported;
    // Conditional insert: succeeds only if no newer record reached the hash chain meanwhile.
    const std::uint64_t na = hot_->allocate(size, slot);
    RecordHeader* r = hot_->get(na);
    write_record(r, key, out, prev_hot, 0);
    if (HotIndex::cas(s, HotIndex::make(na, h, false))) {
      counters_[slot].appends.fetch_add(1, std::memory_order_relaxed);
      return Status::Ok;
    }
    r->info |= kInvalid;
  }
}

}  // namespace plab::kv
