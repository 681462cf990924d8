// Batched reads, FASTER's asynchronous read path: every read of a batch first runs its memory
// part (hot index, read cache, hot log in memory, cold-index chunk in memory or cached); the
// reads that need the disk go pending, and each round issues the next I/O of every pending read
// at once (read_parallel), then continues each one with what it read. Same results, counters and
// read-cache insertions as read_op.
#include "plugins/kvstore/store/hash.h"
#include "plugins/kvstore/store/kv_store.h"

namespace plab::kv {
namespace {

enum class Stage { HotDisk, Hint, Chunk, Cold, Done };

/// One read waiting for its next I/O.
struct PendingRead {
  std::size_t i = 0;  // position in the batch
  std::uint64_t h = 0;
  HotIndex::Slot s{};
  bool have = false;          // the hot index had an entry for the hash
  std::uint64_t prev_hot = 0;  // the hot record under a read-cache entry (read-cache insert)
  Stage stage = Stage::Done;
  std::uint64_t addr = 0;  // record or chunk to read
  std::uint64_t alt = 0;   // the cold bucket's shared chain, walked after the key's own
  AddressCache::Probe probe{};  // what the address cache held when the cold lookup started
  std::uint64_t offset = 0;
  std::size_t len = 0;
};

}  // namespace

void KvStore::read_batch_op(int slot, const std::vector<std::string_view>& keys, std::vector<std::string>& values,
                            std::vector<Status>& status) {
  const std::size_t n = keys.size();
  values.resize(n);
  status.assign(n, Status::NotFound);
  EpochGuard guard(epoch_, slot);
  const std::uint64_t tail_at_start = hot_->tail();
  std::vector<PendingRead> pending;
  pending.reserve(n);

  auto cold_found = [&](PendingRead& p) {
    status[p.i] = Status::Ok;
    counters_[slot].cold.fetch_add(1, std::memory_order_relaxed);
    if (rc_ && tail_at_start >= hot_->begin()) {
      if (!p.have) {
        hot_index_->find_or_create(p.h, p.s);
        if (HotIndex::address(p.s.value) != 0 || HotIndex::in_read_cache(p.s.value)) return;
      }
      try_cache(slot, p.s, p.h, keys[p.i], values[p.i], p.prev_hot);
    }
  };
  // The record a cold read found at `c` (the key's newest cold version).
  auto cold_record = [&](PendingRead& p, const RecordHeader* r, std::uint64_t c, bool from_cache) {
    p.stage = Stage::Done;
    if (!from_cache) install_address(p.h, c, p.probe);
    if (!r->tombstone()) {
      values[p.i].assign(r->value_data(), r->value_len);
      cold_found(p);
    }
  };
  // Walks cold chain `c` (then p.alt) through memory; stops at the first record on disk.
  auto walk_cold = [&](PendingRead& p, std::uint64_t c) {
    for (;;) {
      while (c != 0 && c >= cold_->begin()) {
        if (c < cold_->head()) {
          p.stage = Stage::Cold;
          p.addr = c;
          return;
        }
        const RecordHeader* r = cold_->get(c);
        if (r->key() == keys[p.i]) {
          cold_record(p, r, c, false);
          return;
        }
        c = r->prev();
      }
      if (p.alt == 0) break;
      c = p.alt;
      p.alt = 0;
    }
    p.stage = Stage::Done;  // not found
  };
  // The cold index: the chunk from memory or the chunk cache, else a chunk read.
  auto start_chunk = [&](PendingRead& p) {
    if (addr_cache_->enabled()) addr_cache_->count(false);
    std::uint64_t head = 0, disk = 0;
    cold_index_->find_start(p.h, head, p.alt, disk);
    if (disk != 0) {
      p.stage = Stage::Chunk;
      p.addr = disk;
      return;
    }
    walk_cold(p, head);
  };
  // The address cache first: the record itself when it knows where the key's newest version is.
  auto start_cold = [&](PendingRead& p) {
    p.probe = addr_cache_->lookup(p.h, cold_->begin());
    const std::uint64_t c = p.probe.addr;
    if (c != 0 && c >= cold_->begin() && c < cold_->tail()) {
      if (c < cold_->head()) {
        p.stage = Stage::Hint;  // CRC-checked; one that fails falls back to the chunk lookup
        p.addr = c;
        return;
      }
      const RecordHeader* r = cold_->get(c);
      if (r->key() == keys[p.i]) {
        addr_cache_->count(true);
        cold_record(p, r, c, true);
        return;
      }
    }
    start_chunk(p);
  };
  // Walks hot chain `a` through memory; stops at the first record on disk.
  auto walk_hot_mem = [&](PendingRead& p, std::uint64_t a) {
    while (a != 0 && a >= hot_->begin()) {
      if (a < hot_->head()) {
        p.stage = Stage::HotDisk;
        p.addr = a;
        return;
      }
      const RecordHeader* r = hot_->get(a);
      if (r->key() == keys[p.i]) {
        p.stage = Stage::Done;
        if (!r->tombstone()) {
          RecordLock::read_value(r, values[p.i]);
          status[p.i] = Status::Ok;
          counters_[slot].hot_mem.fetch_add(1, std::memory_order_relaxed);
        }
        return;
      }
      a = r->prev();
    }
    start_cold(p);
  };

  // The memory part of every read.
  for (std::size_t i = 0; i < n; ++i) {
    PendingRead p;
    p.i = i;
    p.h = hash_key(keys[i]);
    p.have = hot_index_->find(p.h, p.s);
    if (p.have) {
      if (HotIndex::in_read_cache(p.s.value)) {
        const RecordHeader* r = rc_->get(HotIndex::address(p.s.value));
        if (r->key() == keys[i]) {
          values[i].assign(r->value_data(), r->value_len);
          status[i] = Status::Ok;
          counters_[slot].rc_hits.fetch_add(1, std::memory_order_relaxed);
          if (HotIndex::address(p.s.value) < rc_->read_only()) try_cache(slot, p.s, p.h, keys[i], values[i], r->prev());
          continue;
        }
        p.prev_hot = r->prev();
      } else {
        p.prev_hot = HotIndex::address(p.s.value);
      }
      walk_hot_mem(p, p.prev_hot);
    } else {
      start_cold(p);
    }
    if (p.stage != Stage::Done) pending.push_back(p);
  }

  // Rounds of I/O: the next read of every pending operation at once.
  thread_local AlignedBuffer arena;
  thread_local std::size_t arena_bytes = 0;
  thread_local std::string rec;
  std::vector<ReadRequest> reqs;
  while (!pending.empty()) {
    // A log may have been truncated since the address was found (a refresh in a read-cache
    // insert lets migration and compaction move on): a hot record below the hot log's begin has
    // moved to the cold log, a cold record or chunk below its log's begin was compacted to a newer
    // place; such reads restart their cold lookup. No refresh happens from here until the reads
    // are done, so the space cannot be given back under them.
    for (PendingRead& p : pending) {
      // (A read of a cached cold address restarts the same way.)
      const bool gone = p.stage == Stage::HotDisk ? p.addr < hot_->begin()
                        : p.stage == Stage::Chunk ? p.addr < chunks_->begin()
                                                  : p.addr < cold_->begin();
      if (gone) start_cold(p);
    }
    std::erase_if(pending, [](const PendingRead& p) { return p.stage == Stage::Done; });
    if (pending.empty()) break;
    std::size_t slot_bytes = 0;
    for (PendingRead& p : pending) {
      HybridLog& log = p.stage == Stage::HotDisk ? *hot_ : p.stage == Stage::Chunk ? *chunks_ : *cold_;
      log.disk_span(p.addr, p.offset, p.len);
      slot_bytes = std::max(slot_bytes, p.len);
    }
    slot_bytes = (slot_bytes + 4095) / 4096 * 4096;
    if (arena_bytes < slot_bytes * pending.size()) {
      arena_bytes = slot_bytes * pending.size();
      arena = make_aligned(arena_bytes, 4096);
    }
    reqs.assign(pending.size(), ReadRequest{});
    for (std::size_t k = 0; k < pending.size(); ++k) {
      const PendingRead& p = pending[k];
      HybridLog& log = p.stage == Stage::HotDisk ? *hot_ : p.stage == Stage::Chunk ? *chunks_ : *cold_;
      reqs[k] = ReadRequest{log.file(), p.offset, p.len, arena.get() + k * slot_bytes, 0};
    }
    read_parallel(reqs.data(), reqs.size());
    std::size_t kept = 0;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      PendingRead& p = pending[k];
      HybridLog& log = p.stage == Stage::HotDisk ? *hot_ : p.stage == Stage::Chunk ? *chunks_ : *cold_;
      Status st = log.parse_disk(p.addr, reqs[k].buf, reqs[k].result, p.offset, rec);
      if (st == Status::Corruption && p.stage == Stage::Hint) {
        start_chunk(p);  // the cached address starts no record now
        if (p.stage != Stage::Done) pending[kept++] = p;
        continue;
      }
      if (st != Status::Ok) {
        status[p.i] = st;
        continue;
      }
      const auto* r = reinterpret_cast<const RecordHeader*>(rec.data());
      if (p.stage == Stage::HotDisk) {
        if (r->key() == keys[p.i]) {
          p.stage = Stage::Done;
          if (!r->tombstone()) {
            values[p.i].assign(r->value_data(), r->value_len);
            status[p.i] = Status::Ok;
            counters_[slot].hot_disk.fetch_add(1, std::memory_order_relaxed);
            try_cache(slot, p.s, p.h, keys[p.i], values[p.i], p.prev_hot);
          }
        } else {
          walk_hot_mem(p, r->prev());
        }
      } else if (p.stage == Stage::Chunk) {
        std::uint64_t head = 0;
        st = cold_index_->find_finish(p.h, p.addr, rec, head, p.alt);
        if (st != Status::Ok) {
          status[p.i] = st;
          continue;
        }
        walk_cold(p, head);
      } else if (p.stage == Stage::Hint) {
        if (r->key() == keys[p.i]) {
          addr_cache_->count(true);
          cold_record(p, r, p.addr, true);
        } else {
          start_chunk(p);  // the cached address holds another key now
        }
      } else if (r->key() == keys[p.i]) {
        cold_record(p, r, p.addr, false);
      } else {
        walk_cold(p, r->prev());
      }
      if (p.stage != Stage::Done) pending[kept++] = p;
    }
    pending.resize(kept);
  }
}

}  // namespace plab::kv
