#include "plugins/kvstore/store/kv_store.h"

#include <algorithm>
#include <chrono>

#include "plugins/kvstore/store/memory_plan.h"

namespace plab::kv {

KvStore::KvStore(const Options& options) : opt_(options) {
  counters_ = std::make_unique<SlotCounters[]>(Epoch::kMaxThreads);
  bg_slot_ = epoch_.acquire_slot();
}

std::unique_ptr<KvStore> KvStore::open(const Options& options) {
  if (options.dir.empty()) throw KvError("kvstore: Options::dir is empty (expected a folder for the store's files)");
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) throw KvError("kvstore: cannot create " + options.dir.string() + ": " + ec.message());
  std::unique_ptr<KvStore> store(new KvStore(options));
  store->meta_ = std::make_unique<MetaFile>(options.dir / "meta");
  CommitRecord rec;
  if (store->meta_->load(rec)) {
    store->size_and_create(&rec);
    store->recover(rec);
  } else {
    for (const char* f : {"hot.log", "cold.log", "chunks.log"}) std::filesystem::remove(options.dir / f, ec);
    store->size_and_create(nullptr);
    store->committed_.hot_begin = store->hot_->begin();
    store->committed_.cold_begin = store->cold_->begin();
    store->committed_.chunk_begin = store->chunks_->begin();
    EpochGuard g(store->epoch_, store->bg_slot_);
    std::lock_guard<std::mutex> lock(store->round_mutex_);
    store->commit(store->bg_slot_);
  }
  if (options.background) store->background_ = std::thread([s = store.get()] { s->background_loop(); });
  return store;
}

void KvStore::size_and_create(const CommitRecord* rec) {
  const MemoryPlan p = plan_memory(opt_, rec);
  max_record_ = p.max_record;
  const std::uint32_t hint = std::max<std::uint32_t>(p.typical_record, 64);
  hot_ = std::make_unique<HybridLog>(epoch_,
                                     LogConfig{"hot", opt_.dir / "hot.log", p.hot_bits, static_cast<std::uint32_t>(p.hot_pages),
                                               p.hot_mutable_pages, hint},
                                     io_);
  cold_ = std::make_unique<HybridLog>(
      epoch_, LogConfig{"cold", opt_.dir / "cold.log", p.cold_bits, static_cast<std::uint32_t>(p.cold_pages), 1, hint}, io_);
  chunks_ = std::make_unique<HybridLog>(
      epoch_,
      LogConfig{"chunks", opt_.dir / "chunks.log", p.chunk_bits, static_cast<std::uint32_t>(p.chunk_pages),
                static_cast<std::uint32_t>(p.chunk_pages - 2), 512},
      io_);
  if (p.read_cache_memory() > 0) {
    rc_ = std::make_unique<HybridLog>(
        epoch_, LogConfig{"read-cache", {}, p.rc_bits, static_cast<std::uint32_t>(p.rc_pages),
                          static_cast<std::uint32_t>(p.rc_pages - 2), hint},
        io_);
    rc_->set_evict_hook([this](std::uint64_t from, std::uint64_t to) { evict_read_cache(from, to); });
  }
  for (HybridLog* l : {hot_.get(), cold_.get(), chunks_.get()}) {
    if (!l->file()->warning().empty() && warnings_.empty()) warnings_.push_back(l->file()->warning());
  }
  hot_index_ = std::make_unique<HotIndex>(p.hot_index_buckets);
  cold_index_ = std::make_unique<ColdIndex>(*chunks_, p.num_chunks, p.chunk_cache_bytes);
  addr_cache_ = std::make_unique<AddressCache>(p.address_cache_bytes);
  hot_budget_ = p.hot_log_budget;
  cold_budget_ = p.cold_log_budget;
}

KvStore::~KvStore() {
  stop_.store(true);
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    wake_.notify_all();
  }
  if (background_.joinable()) background_.join();
  epoch_.drain_all();
}

std::unique_ptr<KvStore::Session> KvStore::session() {
  return std::unique_ptr<Session>(new Session(*this, epoch_.acquire_slot()));
}

KvStore::Session::~Session() { store_.epoch_.release_slot(slot_); }

Status KvStore::Session::read(std::string_view key, std::string& value) { return store_.read_op(slot_, key, value); }
void KvStore::Session::read_batch(const std::vector<std::string_view>& keys, std::vector<std::string>& values,
                                  std::vector<Status>& status) {
  store_.read_batch_op(slot_, keys, values, status);
}
Status KvStore::Session::upsert(std::string_view key, std::string_view value) {
  return store_.write_op(slot_, key, value, false);
}
Status KvStore::Session::rmw(std::string_view key, const RmwFn& fn) { return store_.rmw_op(slot_, key, fn); }
Status KvStore::Session::remove(std::string_view key) { return store_.write_op(slot_, key, {}, true); }

void KvStore::maybe_wake_background() {
  if (!opt_.background || wake_pending_.load(std::memory_order_relaxed)) return;
  if (!wake_pending_.exchange(true)) {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    wake_.notify_one();
  }
}

Status KvStore::throttle(int slot) {
  const std::uint64_t size = hot_->size();
  if (size * 5 < hot_budget_ * 4 && cold_->size() * 10 < cold_budget_.load() * 9) return Status::Ok;
  maybe_wake_background();
  if (!opt_.background || hot_->size() < hot_budget_) return Status::Ok;
  const auto t0 = std::chrono::steady_clock::now();
  Status st = Status::Ok;
  while (hot_->size() >= hot_budget_) {
    if (bg_failed_.load()) {
      st = Status::IoError;
      break;
    }
    maybe_wake_background();
    epoch_.refresh(slot);
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  counters_[slot].stall_us.fetch_add(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count()),
      std::memory_order_relaxed);
  return st;
}

void KvStore::background_loop() {
  auto last_checkpoint = std::chrono::steady_clock::now();
  while (!stop_.load()) {
    {
      std::unique_lock<std::mutex> lock(wake_mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(std::max<std::uint32_t>(opt_.compaction_check_ms, 1)),
                     [this] { return stop_.load() || wake_pending_.load(); });
    }
    wake_pending_.store(false);
    if (stop_.load() || bg_failed_.load()) continue;
    try {
      compact_once(false);
      if (opt_.checkpoint_interval_ms > 0 &&
          std::chrono::steady_clock::now() - last_checkpoint >= std::chrono::milliseconds(opt_.checkpoint_interval_ms)) {
        checkpoint();
        last_checkpoint = std::chrono::steady_clock::now();
      }
    } catch (const std::exception& e) {
      fail_background(e.what());
    }
  }
}

void KvStore::fail_background(const std::string& message) {
  std::lock_guard<std::mutex> lock(error_mutex_);
  if (bg_error_.empty()) bg_error_ = message;
  bg_failed_.store(true);
}

std::string KvStore::background_error() const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  return bg_error_;
}

KvStats KvStore::stats() const {
  KvStats s;
  s.disk_bytes_read = io_.bytes_read.load();
  s.disk_bytes_written = io_.bytes_written.load();
  s.memory_bytes = hot_index_->memory_bytes() + cold_index_->memory_bytes() + addr_cache_->memory_bytes() + hot_->memory_bytes() +
                   cold_->memory_bytes() + chunks_->memory_bytes() + (rc_ ? rc_->memory_bytes() : 0);
  s.memory_budget = opt_.memory_budget;
  s.hot_index_bytes = hot_index_->memory_bytes();
  s.hot_log_memory_bytes = hot_->memory_bytes();
  s.read_cache_bytes = rc_ ? rc_->memory_bytes() : 0;
  s.address_cache_bytes = addr_cache_->memory_bytes();
  {
    std::uint64_t stale = 0, cached = 0;
    hot_index_->count(hot_->begin(), s.hot_index_entries, stale, cached);
  }
  s.disk_space_bytes = hot_->file()->allocated_bytes() +
                       cold_->file()->allocated_bytes() +
                       chunks_->file()->allocated_bytes();
  s.hot_log_bytes = hot_->size();
  s.cold_log_bytes = cold_->size();
  s.chunk_log_bytes = chunks_->size();
  s.migrations = migrations_.load();
  s.migrated_records = migrated_records_.load();
  s.cold_compactions = cold_compactions_.load();
  s.chunk_compactions = chunk_compactions_.load();
  s.commits = commits_.load();
  s.hot_reads = hot_->file()->read_calls();
  s.cold_reads = cold_->file()->read_calls();
  s.chunk_reads = chunks_->file()->read_calls();
  s.hot_writes = hot_->file()->write_calls();
  s.cold_writes = cold_->file()->write_calls();
  s.chunk_writes = chunks_->file()->write_calls();
  s.chunk_cache_hits = cold_index_->cache_hits();
  s.chunk_disk_lookups = cold_index_->disk_lookups();
  s.address_cache_hits = addr_cache_->hits();
  s.address_cache_misses = addr_cache_->misses();
  for (int i = 0; i < Epoch::kMaxThreads; ++i) {
    const SlotCounters& c = counters_[i];
    s.read_cache_hits += c.rc_hits.load(std::memory_order_relaxed);
    s.hot_memory_hits += c.hot_mem.load(std::memory_order_relaxed);
    s.hot_disk_hits += c.hot_disk.load(std::memory_order_relaxed);
    s.cold_hits += c.cold.load(std::memory_order_relaxed);
    s.in_place_updates += c.in_place.load(std::memory_order_relaxed);
    s.appends += c.appends.load(std::memory_order_relaxed);
    s.write_stall_us += c.stall_us.load(std::memory_order_relaxed);
  }
  s.hot_page_wait_us = hot_->wait_us();
  s.rc_page_wait_us = rc_ ? rc_->wait_us() : 0;
  return s;
}

}  // namespace plab::kv
