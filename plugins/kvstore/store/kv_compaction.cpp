// Lookup-based hot->cold migration and cold->cold / hash-chunk compaction (F2 section 5): a
// record is copied only if it is its key's newest version; then the log's begin moves forward,
// the move is committed, and the file space is given back.
#include "plugins/kvstore/store/hash.h"
#include "plugins/kvstore/store/kv_store.h"

namespace plab::kv {

void KvStore::compact_once(bool force) {
  std::lock_guard<std::mutex> lock(round_mutex_);
  const int slot = bg_slot_;
  for (int i = 0; i < 16 && migrate(slot, force); ++i) {
    if (force) break;
  }
  compact_cold(slot, force);
  compact_chunks(slot, force);
}

bool KvStore::newest_in_hot(std::string_view key, std::uint64_t hash, std::uint64_t a, std::uint64_t durable,
                            int slot) {
  (void)slot;
  thread_local std::string buf;
  HotIndex::Slot s;
  if (!hot_index_->find(hash, s)) return false;
  std::uint64_t x = skip_read_cache(s.value);
  while (x != 0 && x >= hot_->begin()) {
    if (x == a) return true;
    if (x < a) return false;
    const RecordHeader* r;
    if (x >= hot_->head()) {
      r = hot_->get(x);
    } else {
      Status st = hot_->read_disk(x, buf);
      if (st != Status::Ok) {
        throw KvError("kvstore: migration cannot read the hot record at " + std::to_string(x) + " of " +
                      hot_->config().file.string() + ": " + to_string(st));
      }
      r = reinterpret_cast<const RecordHeader*>(buf.data());
    }
    // Versions written after the durable point do not count: after a crash only the durable
    // prefix of the hot log comes back, and this version must then still be found.
    if (x < durable && r->key() == key) return false;
    x = r->prev();
  }
  return false;
}

Status KvStore::newest_in_cold(std::string_view key, std::uint64_t hash, std::uint64_t c, bool& newest) {
  thread_local std::string buf;
  newest = false;
  std::uint64_t chains[2] = {0, 0};
  Status st = cold_index_->find(hash, chains[0], chains[1]);
  if (st != Status::Ok) return st;
  for (std::uint64_t x : chains) {
    while (x != 0 && x >= cold_->begin() && x >= c) {
      if (x == c) {
        newest = true;
        return Status::Ok;
      }
      const RecordHeader* r;
      if (x >= cold_->head()) {
        r = cold_->get(x);
      } else {
        st = cold_->read_disk(x, buf);
        if (st != Status::Ok) return st;
        r = reinterpret_cast<const RecordHeader*>(buf.data());
      }
      if (r->key() == key) return Status::Ok;
      x = r->prev();
    }
  }
  return Status::Ok;
}

namespace {

constexpr std::size_t kBatchBytes = 8u << 20;

/// Appends a copy of `r` to the cold log with `prev` as its chain link; returns its address.
std::uint64_t append_cold(HybridLog& cold, const RecordHeader* r, std::uint64_t prev, int slot) {
  const std::uint64_t ca = cold.allocate(r->size(), slot);
  write_record(cold.get(ca), r->key(), std::string_view(r->value_data(), r->value_len), prev,
               r->tombstone() ? kTombstone : 0);
  return ca;
}

/// Records collected from a log range, copied out of the scanner's page buffer.
struct Batch {
  std::string arena;
  std::vector<std::size_t> offsets;
  std::vector<std::uint64_t> addrs;
  std::vector<ColdLink> links;
  std::vector<std::uint64_t> linked;  // per item: where it was appended in the cold log (0: not)
  void add(const RecordHeader* r, std::uint64_t addr, std::uint64_t hash) {
    offsets.push_back(arena.size());
    addrs.push_back(addr);
    links.push_back({hash, offsets.size() - 1});
    linked.push_back(0);
    arena.append(reinterpret_cast<const char*>(r), r->size());
  }
  const RecordHeader* rec(std::size_t item) const {
    return reinterpret_cast<const RecordHeader*>(arena.data() + offsets[item]);
  }
  void clear() {
    arena.clear();
    offsets.clear();
    addrs.clear();
    links.clear();
    linked.clear();
  }
  /// After the chunks are written: the address cache learns each appended record's address
  /// (before the log's begin moves, see AddressCache).
  void publish(AddressCache& cache, std::uint64_t begin) const {
    for (const ColdLink& l : links) {
      if (linked[l.item] != 0) cache.set(l.hash, linked[l.item], begin);
    }
  }
};

}  // namespace

bool KvStore::migrate(int slot, bool force) {
  const std::uint64_t size = hot_->size();
  if (!force && size * 5 < hot_budget_ * 4) return false;
  const std::uint64_t ps = hot_->page_size();
  const std::uint64_t b = hot_->begin();
  // F2 migrates min(20%, 256 MiB) of the hot log per round; with a hot log of a few MiB that makes
  // rounds so small that their fixed cost (a commit: four fsyncs, and a pass over the chunk log)
  // dominates, so rounds here take 40% (still only records below head, already on disk).
  std::uint64_t until = b + std::min<std::uint64_t>(std::max<std::uint64_t>(size * 2 / 5, ps), 256ull << 20);
  until = std::min(until, hot_->head()) / ps * ps;
  if (until <= b) return false;
  std::uint64_t copied = 0, n = 0;
  {
    EpochGuard guard(epoch_, slot);
    const std::uint64_t durable = hot_->flushed();
    LogScanner scan(*hot_, b, until);
    Batch batch;
    // Chunk by chunk: each hash chunk is read and written once per batch.
    auto link = [&] {
      Status st = cold_index_->update_batch(
          batch.links,
          [&](std::uint64_t* heads, const ColdLink* links, std::size_t count) {
            for (std::size_t k = 0; k < count; ++k) {
              const std::uint32_t pos = ColdIndex::insert_entry(heads, links[k].hash, cold_->begin());
              const std::uint64_t ca = append_cold(*cold_, batch.rec(links[k].item), heads[pos] & kAddressMask, slot);
              heads[pos] = (heads[pos] & ~kAddressMask) | ca;
              batch.linked[links[k].item] = ca;
            }
            return Status::Ok;
          },
          slot);
      if (st != Status::Ok) throw KvError("kvstore: migration failed to update the cold index: " + std::string(to_string(st)));
      batch.publish(*addr_cache_, cold_->begin());
      batch.clear();
    };
    const RecordHeader* r = nullptr;
    std::uint64_t a = 0;
    Status st;
    while ((st = scan.next(r, a)) == Status::Ok) {
      // newest_in_hot may read the disk for each record: refresh often (r is in the scanner's
      // buffer), so that the background thread never holds the epoch back for long.
      if ((++n & 3) == 0) epoch_.refresh(slot);
      if (r->invalid()) continue;
      const std::uint64_t h = hash_key(r->key());
      if (!newest_in_hot(r->key(), h, a, durable, slot)) continue;
      batch.add(r, a, h);
      ++copied;
      if (batch.arena.size() >= kBatchBytes) link();
    }
    if (st != Status::NotFound) throw KvError("kvstore: migration stopped: " + scan.error());
    link();
    committed_.hot_begin = until;
    commit(slot);
  }
  hot_->truncate(until);
  hot_index_->garbage_collect(until);
  migrations_.fetch_add(1);
  migrated_records_.fetch_add(copied);
  return true;
}

bool KvStore::compact_cold(int slot, bool force) {
  const std::uint64_t size = cold_->size();
  const std::uint64_t budget = cold_budget_.load();
  if (!force && size * 10 < budget * 9) return false;
  const std::uint64_t ps = cold_->page_size();
  const std::uint64_t b = cold_->begin();
  std::uint64_t until = b + std::min<std::uint64_t>(std::max<std::uint64_t>(size / 10, ps), 1ull << 30);
  until = std::min(until, cold_->head()) / ps * ps;
  if (until <= b) return false;
  std::uint64_t live = 0, n = 0;
  {
    EpochGuard guard(epoch_, slot);
    LogScanner scan(*cold_, b, until);
    Batch batch;
    thread_local std::string buf;
    auto link = [&] {
      Status st = cold_index_->update_batch(
          batch.links,
          [&](std::uint64_t* heads, const ColdLink* links, std::size_t count) {
            for (std::size_t k = 0; k < count; ++k) {
              const RecordHeader* r = batch.rec(links[k].item);
              const std::uint64_t c = batch.addrs[links[k].item];
              // Lookup-based: keep the record only if the lookup's chains reach it before any
              // newer version of its key.
              std::uint64_t chains[2];
              ColdIndex::heads_for(heads, links[k].hash, chains[0], chains[1]);
              bool newest = false, other = false;
              for (std::uint64_t x : chains) {
                while (!newest && !other && x != 0 && x >= cold_->begin() && x >= c) {
                  if (x == c) {
                    newest = true;
                    break;
                  }
                  const RecordHeader* y;
                  if (x >= cold_->head()) {
                    y = cold_->get(x);
                  } else {
                    Status rs = cold_->read_disk(x, buf);
                    if (rs != Status::Ok) return rs;
                    y = reinterpret_cast<const RecordHeader*>(buf.data());
                  }
                  if (y->key() == r->key()) other = true;
                  x = y->prev();
                }
                if (newest || other) break;
              }
              if (!newest) continue;
              const std::uint32_t pos = ColdIndex::insert_entry(heads, links[k].hash, cold_->begin());
              const std::uint64_t ca = append_cold(*cold_, r, heads[pos] & kAddressMask, slot);
              heads[pos] = (heads[pos] & ~kAddressMask) | ca;
              batch.linked[links[k].item] = ca;
              live += r->size();
            }
            return Status::Ok;
          },
          slot);
      if (st != Status::Ok) throw KvError("kvstore: cold compaction cannot read the cold log: " + std::string(to_string(st)));
      batch.publish(*addr_cache_, cold_->begin());
      batch.clear();
    };
    const RecordHeader* r = nullptr;
    std::uint64_t c = 0;
    Status st;
    while ((st = scan.next(r, c)) == Status::Ok) {
      if ((++n & 31) == 0) epoch_.refresh(slot);
      // Tombstones go: a newest one has every older version below `until`, so it goes with them.
      if (r->tombstone()) continue;
      batch.add(r, c, hash_key(r->key()));
      if (batch.arena.size() >= kBatchBytes) link();
    }
    if (st != Status::NotFound) throw KvError("kvstore: cold compaction stopped: " + scan.error());
    link();
    committed_.cold_begin = until;
    commit(slot);
  }
  // Before the begin moves (see AddressCache): readers install nothing below `until` from now on,
  // and the sweep drops what is there and fails the installs prepared before.
  ac_floor_.store(until);
  addr_cache_->sweep(b, until);
  cold_->truncate(until);
  cold_compactions_.fetch_add(1);
  // Mostly live data: compaction cannot gain much, so let the log grow before the next round.
  if (opt_.cold_log_budget == 0 && live * 10 > (until - b) * 7) {
    cold_budget_.store(std::max<std::uint64_t>(budget, cold_->size() * 3 / 2));
  }
  return true;
}

bool KvStore::compact_chunks(int slot, bool force) {
  const std::uint64_t ps = chunks_->page_size();
  const std::uint64_t live = cold_index_->live_chunks() * cold_index_->chunk_record_bytes();
  const std::uint64_t size = chunks_->size();
  if (!force && size < 2 * live + 8 * ps) return false;
  const std::uint64_t b = chunks_->begin();
  const std::uint64_t until = std::min(b + size / 2, chunks_->head()) / ps * ps;
  if (until <= b) return false;
  {
    EpochGuard guard(epoch_, slot);
    std::string error;
    if (cold_index_->compact(until, slot, error) != Status::Ok) throw KvError("kvstore: chunk compaction stopped: " + error);
    committed_.chunk_begin = until;
    commit(slot);
  }
  chunks_->truncate(until);
  chunk_compactions_.fetch_add(1);
  return true;
}

}  // namespace plab::kv
