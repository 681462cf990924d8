// Commit points, checkpoints, recovery and full scans.
#include <unordered_set>

#include "plugins/kvstore/store/hash.h"
#include "plugins/kvstore/store/kv_store.h"

namespace plab::kv {
namespace {

/// An epoch slot held for the duration of a store-level call from any thread.
class TempSlot {
 public:
  explicit TempSlot(Epoch& e) : e_(e), slot_(e.acquire_slot()) {}
  ~TempSlot() { e_.release_slot(slot_); }
  int get() const { return slot_; }

 private:
  Epoch& e_;
  int slot_;
};

}  // namespace

void KvStore::commit(int slot) {
  // Cold records first, then the chunks that point at them, then the commit record.
  const std::uint64_t cold_d = cold_->flush_to_tail(slot);
  const std::uint64_t chunk_d = chunks_->flush_to_tail(slot);
  const std::uint64_t hot_d = hot_->flushed();
  // The fsyncs and the commit record's write touch no log memory: leave the epoch meanwhile, so
  // that the operation threads' page flushes, head shifts and read-cache evictions (epoch
  // actions) are not held back for the length of four fsyncs (they were: every thread that
  // needed a new page waited for the background thread's commit).
  struct Unprotected {
    Epoch& e;
    int slot;
    bool was;
    Unprotected(Epoch& ep, int s) : e(ep), slot(s), was(ep.is_protected(s)) {
      if (was) e.unprotect(slot);
    }
    ~Unprotected() {
      if (was) e.protect(slot);
    }
  } unprotected(epoch_, slot);
  for (HybridLog* l : {hot_.get(), cold_.get(), chunks_.get()}) {
    if (l->io_failed() || !l->file()->sync()) throw KvError("kvstore: writing " + l->config().file.string() + " failed");
  }
  CommitRecord rec = committed_;
  rec.seq += 1;
  rec.hot_page_bits = hot_->config().page_bits;
  rec.cold_page_bits = cold_->config().page_bits;
  rec.chunk_page_bits = chunks_->config().page_bits;
  rec.num_chunks = cold_index_->num_chunks();
  rec.hot_durable = std::max({rec.hot_durable, hot_d, rec.hot_begin});
  rec.cold_durable = std::max(cold_d, rec.cold_begin);
  rec.chunk_durable = std::max(chunk_d, rec.chunk_begin);
  meta_->store(rec);
  committed_ = rec;
  commits_.fetch_add(1);
}

std::uint64_t KvStore::checkpoint() {
  std::lock_guard<std::mutex> lock(round_mutex_);
  TempSlot slot(epoch_);
  EpochGuard guard(epoch_, slot.get());
  hot_->flush_to_tail(slot.get());  // fold-over: everything allocated so far becomes read-only
  commit(slot.get());
  return committed_.seq;
}

void KvStore::recover(const CommitRecord& rec) {
  struct Part {
    HybridLog* log;
    std::uint64_t begin, durable;
  };
  for (const Part& p : {Part{hot_.get(), rec.hot_begin, rec.hot_durable}, Part{cold_.get(), rec.cold_begin, rec.cold_durable},
                        Part{chunks_.get(), rec.chunk_begin, rec.chunk_durable}}) {
    if (p.begin > p.durable || p.begin % p.log->page_size() != 0) {
      throw KvError("kvstore: " + meta_->path().string() + ": inconsistent commit record for the " + p.log->config().name +
                    " log (begin " + std::to_string(p.begin) + ", durable " + std::to_string(p.durable) + ")");
    }
    const std::uint64_t have = p.log->file()->size();
    if (p.durable > p.begin && have < p.durable) {
      throw KvError("kvstore: " + p.log->config().file.string() + " is truncated: " + std::to_string(have) +
                    " bytes, the last commit needs " + std::to_string(p.durable));
    }
    if (!p.log->zero_file_tail(p.durable)) throw KvError("kvstore: cannot write " + p.log->config().file.string());
    p.log->recover(p.begin, p.durable);
  }
  std::string error;
  if (cold_index_->rebuild(rec.chunk_begin, rec.chunk_durable, error) != Status::Ok) throw KvError("kvstore: " + error);
  LogScanner scan(*hot_, rec.hot_begin, rec.hot_durable);
  const RecordHeader* r = nullptr;
  std::uint64_t a = 0;
  Status st;
  while ((st = scan.next(r, a)) == Status::Ok) {
    if (!r->invalid()) hot_index_->recover_insert(hash_key(r->key()), a);
  }
  if (st != Status::NotFound) throw KvError("kvstore: " + scan.error());
  committed_ = rec;
}

Status KvStore::scan(const std::function<void(std::string_view, std::string_view)>& fn) {
  std::lock_guard<std::mutex> lock(round_mutex_);
  TempSlot slot(epoch_);
  EpochGuard guard(epoch_, slot.get());
  const std::uint64_t hot_end = hot_->flush_to_tail(slot.get());
  const std::uint64_t cold_end = cold_->flush_to_tail(slot.get());
  thread_local std::string buf;
  const RecordHeader* r = nullptr;
  std::uint64_t a = 0;
  Status st;
  // Keys with any version in the hot log (reported from there, or deleted there).
  std::unordered_set<std::string> in_hot;
  {
    LogScanner scan(*hot_, hot_->begin(), hot_end);
    while ((st = scan.next(r, a)) == Status::Ok) {
      epoch_.refresh(slot.get());
      if (r->invalid()) continue;
      in_hot.emplace(r->key());
      if (r->tombstone()) continue;
      // Newest in the hot log: the first record of its key on the chain.
      const std::uint64_t h = hash_key(r->key());
      if (newest_in_hot(r->key(), h, a, ~std::uint64_t(0), slot.get())) fn(r->key(), {r->value_data(), r->value_len});
    }
    if (st != Status::NotFound) return st;
  }
  LogScanner scan(*cold_, cold_->begin(), cold_end);
  std::string value;
  while ((st = scan.next(r, a)) == Status::Ok) {
    epoch_.refresh(slot.get());
    if (r->tombstone()) continue;
    const std::uint64_t h = hash_key(r->key());
    // Skip keys that have a version in the hot log (reported above or deleted there); a key
    // written to the hot log after the pass above is found by walking its hot chain.
    if (in_hot.count(std::string(r->key()))) continue;
    HotIndex::Slot s;
    if (hot_index_->find(h, s)) {
      Find found;
      bool on_disk = false;
      const std::uint64_t start = HotIndex::in_read_cache(s.value) ? rc_->get(HotIndex::address(s.value))->prev()
                                                                   : HotIndex::address(s.value);
      if (start >= hot_end) {
        Status ws = walk_hot(r->key(), start, found, value, on_disk, slot.get());
        if (ws != Status::Ok) return ws;
        if (found != Find::Absent) continue;
      }
    }
    bool newest = false;
    Status cs = newest_in_cold(r->key(), h, a, newest);
    if (cs != Status::Ok) return cs;
    if (newest) fn(r->key(), {r->value_data(), r->value_len});
  }
  return st == Status::NotFound ? Status::Ok : st;
}

}  // namespace plab::kv
