#include "plugins/kvstore/store/kv_store.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>

namespace plab::kv {
namespace {

// Default hot log size (memory + disk) per byte of hot log memory: larger means fewer, larger
// migration rounds and more records served by one I/O from the hot log, at 21 bytes of hot index
// per record.
constexpr std::uint64_t kHotLogPerMemory = 3;

// A typical record's bytes in a log: header, expected key and value, and alignment slack.
std::uint32_t typical_record(const Options& o) { return record_size(std::max<std::uint32_t>(o.expected_kv_bytes, 8), 0) + 8; }

std::uint32_t bits_for(std::uint64_t bytes) { return static_cast<std::uint32_t>(std::countr_zero(std::bit_floor(std::max<std::uint64_t>(bytes, 1)))); }

}  // namespace

double address_cache_share(const Options& o) {
  if (o.address_cache_fraction >= 0) return o.address_cache_fraction;
  const double budget = static_cast<double>(std::max<std::uint64_t>(o.memory_budget, 1));
  const double every_key = static_cast<double>(o.expected_keys) * 64.0 / AddressCache::kWays / budget;
  const double room = 0.90 - std::max(o.read_cache_fraction, 0.0) - std::max(o.chunk_cache_fraction, 0.0);
  return std::max(0.0, std::min(std::clamp(every_key, 0.45, 0.70), room));
}

std::uint64_t hot_memory_cap(const Options& o) {
  if (o.hot_memory_data_fraction <= 0) return 0;
  const double data = static_cast<double>(o.expected_keys) * typical_record(o);
  return static_cast<std::uint64_t>(data * o.hot_memory_data_fraction);
}

std::uint64_t address_cache_bytes(const Options& o) {
  return std::min(static_cast<std::uint64_t>(static_cast<double>(o.memory_budget) * address_cache_share(o)),
                  AddressCache::max_bytes(o.expected_keys));
}

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
  const std::uint64_t budget = opt_.memory_budget;
  const std::uint32_t kv = std::max<std::uint32_t>(opt_.expected_kv_bytes, 8);
  const std::uint32_t typical = typical_record(opt_);
  max_record_ = record_size(std::max(opt_.max_kv_bytes, kv), 0) + 8;
  const std::uint32_t min_bits = std::max<std::uint32_t>(12, std::bit_width(2u * max_record_ - 1));

  const std::uint64_t num_chunks =
      rec ? rec->num_chunks : std::bit_ceil(std::max<std::uint64_t>(opt_.expected_keys / 16, 64));
  const std::uint32_t chunk_bits = rec ? rec->chunk_page_bits : 14;
  const std::uint32_t cold_bits = rec ? rec->cold_page_bits : std::max<std::uint32_t>(min_bits, 15);
  const std::uint64_t chunk_pages = std::max<std::uint64_t>(4, (budget / 25) >> chunk_bits);
  const std::uint64_t cold_pages = 3;
  std::uint64_t rc_bytes = static_cast<std::uint64_t>(static_cast<double>(budget) * opt_.read_cache_fraction);
  const std::uint64_t cc_bytes = std::min(static_cast<std::uint64_t>(static_cast<double>(budget) * opt_.chunk_cache_fraction),
                                          ColdIndex::max_cache_bytes(num_chunks));
  const std::uint64_t ac_bytes = address_cache_bytes(opt_);
  const std::uint64_t fixed =
      num_chunks * 8 + (chunk_pages << chunk_bits) + (cold_pages << cold_bits) + cc_bytes + ac_bytes / 64 * 64;
  if (fixed + rc_bytes >= budget) {
    throw KvError("kvstore: memory budget of " + std::to_string(budget) + " bytes is too small: the cold " +
                  "index directory, chunk and address caches, chunk and cold pages and read cache alone need " +
                  std::to_string(fixed + rc_bytes) + " bytes");
  }
  // The hot index: either index_fraction of the budget, or sized for the records that the hot log
  // (up to three times its memory, see hot_log_budget) and the read cache can hold, at most 6 per
  // 7-entry bucket. A power of two; 1.25 times as much is reserved for overflow buckets (as keys
  // come and go, most buckets overflow at some moment, and an overflow bucket stays linked).
  struct Split {
    std::uint64_t rest = 0, index_buckets = 16, index_bytes = 0, hot_mem = 0;
  };
  auto split_for = [&](std::uint64_t rc) {
    Split sp;
    sp.rest = budget - fixed - rc;
    if (opt_.index_fraction > 0) {
      const double index_target = std::max(static_cast<double>(budget) * opt_.index_fraction / 64.0, 16.0);
      sp.index_buckets = std::bit_floor(static_cast<std::uint64_t>(index_target));
      if (static_cast<double>(sp.index_buckets) * 2 <= index_target * 1.5) sp.index_buckets *= 2;
    } else {
      // hot = rest - 144 * buckets; records = (F * hot + rc) / typical; buckets = records / 6.
      const double per_bucket = 144.0, f = kHotLogPerMemory;
      const double est = (f * static_cast<double>(sp.rest) + static_cast<double>(rc)) / (6.0 * typical + f * per_bucket);
      // The power of two nearer the estimate (rounding up could double it: at 50 % of the data
      // that was 38 % of the budget); a fuller index overflows into its reserve.
      sp.index_buckets = std::bit_ceil(std::max<std::uint64_t>(static_cast<std::uint64_t>(est), 16));
      if (static_cast<double>(sp.index_buckets) > 1.5 * est && sp.index_buckets > 16) sp.index_buckets /= 2;
      if (sp.index_buckets * 144 * 2 > sp.rest) sp.index_buckets /= 2;
    }
    sp.index_bytes = sp.index_buckets * 64 + sp.index_buckets * 80;
    sp.hot_mem = sp.index_bytes < sp.rest ? sp.rest - sp.index_bytes : 0;
    return sp;
  };
  Split sp = split_for(rc_bytes);
  // The hot log's memory past its cap (a share of the expected data) goes to the read cache:
  // hot-log pages hold whatever was written last (after a bulk load, arbitrary keys, kept as long
  // as the workload writes little), the read cache what is read (README, "budget sweep").
  const std::uint64_t hot_cap = hot_memory_cap(opt_);
  if (hot_cap > 0 && sp.hot_mem > hot_cap) {
    rc_bytes += sp.hot_mem - hot_cap;
    sp = split_for(rc_bytes);
  }
  const std::uint64_t rest = sp.rest, index_buckets = sp.index_buckets, index_bytes = sp.index_bytes;
  if (index_bytes >= rest) {
    throw KvError("kvstore: memory budget of " + std::to_string(budget) + " bytes leaves nothing for the hot log " +
                  "after the hot index (" + std::to_string(index_bytes) + " bytes)");
  }
  const std::uint64_t hot_mem = sp.hot_mem;
  const std::uint32_t hot_bits =
      rec ? rec->hot_page_bits : std::clamp<std::uint32_t>(bits_for(hot_mem / 16), min_bits, 20);
  const std::uint64_t hot_pages = hot_mem >> hot_bits;
  if (hot_pages < 4) {
    throw KvError("kvstore: memory budget of " + std::to_string(budget) + " bytes leaves " +
                  std::to_string(hot_mem) + " bytes for the hot log; it needs at least 4 pages of " +
                  std::to_string(1u << hot_bits) + " bytes");
  }
  const std::uint32_t rc_bits = std::clamp<std::uint32_t>(bits_for(rc_bytes / 8), min_bits, 20);
  const std::uint64_t rc_pages = rc_bytes >> rc_bits;

  const auto mutable_pages = static_cast<std::uint32_t>(std::lround(opt_.mutable_fraction * static_cast<double>(hot_pages)));
  const std::uint32_t hint = std::max<std::uint32_t>(typical, 64);
  hot_ = std::make_unique<HybridLog>(
      epoch_, LogConfig{"hot", opt_.dir / "hot.log", hot_bits, static_cast<std::uint32_t>(hot_pages), mutable_pages, hint},
      io_);
  cold_ = std::make_unique<HybridLog>(
      epoch_, LogConfig{"cold", opt_.dir / "cold.log", cold_bits, static_cast<std::uint32_t>(cold_pages), 1, hint}, io_);
  chunks_ = std::make_unique<HybridLog>(
      epoch_,
      LogConfig{"chunks", opt_.dir / "chunks.log", chunk_bits, static_cast<std::uint32_t>(chunk_pages),
                static_cast<std::uint32_t>(chunk_pages - 2), 512},
      io_);
  if (rc_pages >= 3) {
    rc_ = std::make_unique<HybridLog>(
        epoch_, LogConfig{"read-cache", {}, rc_bits, static_cast<std::uint32_t>(rc_pages),
                          static_cast<std::uint32_t>(rc_pages - 2), hint},
        io_);
    rc_->set_evict_hook([this](std::uint64_t from, std::uint64_t to) { evict_read_cache(from, to); });
  }
  for (HybridLog* l : {hot_.get(), cold_.get(), chunks_.get()}) {
    if (!l->file()->warning().empty() && warnings_.empty()) warnings_.push_back(l->file()->warning());
  }
  hot_index_ = std::make_unique<HotIndex>(index_buckets);
  cold_index_ = std::make_unique<ColdIndex>(*chunks_, num_chunks, cc_bytes);
  addr_cache_ = std::make_unique<AddressCache>(ac_bytes);
  hot_budget_ = opt_.hot_log_budget ? opt_.hot_log_budget : kHotLogPerMemory * (hot_pages << hot_bits);
  hot_budget_ = std::max<std::uint64_t>(hot_budget_, (hot_pages + 4) << hot_bits);
  cold_budget_ = opt_.cold_log_budget
                     ? opt_.cold_log_budget
                     : std::max<std::uint64_t>(2 * opt_.expected_keys * typical, 2 * hot_budget_);
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
