// The YCSB backend over this project's F2-style store.
#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/store/memory_plan.h"
#include "plugins/kvstore/ycsb/backend.h"

#include <cstdio>

namespace plab::ycsb {
namespace {

std::string mb(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

void check(kv::Status s, const char* what) {
  if (s != kv::Status::Ok && s != kv::Status::NotFound) {
    throw std::runtime_error(std::string("f2 store: ") + what + " failed: " + kv::to_string(s));
  }
}

class F2Session final : public BackendSession {
 public:
  explicit F2Session(std::unique_ptr<kv::KvStore::Session> s) : s_(std::move(s)) {}
  bool read(std::string_view key, std::string& value) override {
    kv::Status st = s_->read(key, value);
    check(st, "read");
    return st == kv::Status::Ok;
  }
  void write(std::string_view key, std::string_view value) override { check(s_->upsert(key, value), "upsert"); }
  void rmw(std::string_view key, const std::function<void(const std::string*, std::string&)>& fn) override {
    check(s_->rmw(key, fn), "rmw");
  }
  int scan(std::string_view, int) override { return -1; }  // a hash store has no key order
  /// Reads (and the reads of read-modify-writes) go to the store as one batch of asynchronous
  /// reads; a cold record read that way lands in the read cache, so the read-modify-write that
  /// follows runs in memory (as FASTER re-runs a pending RMW once its record is fetched). Writes
  /// are blind appends and need no I/O.
  void run_batch(std::vector<BatchOp>& ops, const BatchRmwFn& fn) override {
    keys_.clear();
    idx_.clear();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].kind == BatchOp::Kind::Write) continue;
      keys_.push_back(ops[i].key);
      idx_.push_back(i);
    }
    if (!keys_.empty()) s_->read_batch(keys_, vals_, st_);
    for (std::size_t k = 0; k < idx_.size(); ++k) {
      check(st_[k], "read");
      BatchOp& op = ops[idx_[k]];
      if (op.kind == BatchOp::Kind::Read) {
        op.found = st_[k] == kv::Status::Ok;
        if (op.found) op.value.swap(vals_[k]);
      }
    }
    for (BatchOp& op : ops) {
      if (op.kind == BatchOp::Kind::Write) {
        check(s_->upsert(op.key, op.value), "upsert");
      } else if (op.kind == BatchOp::Kind::Rmw) {
        op.found = false;
        check(s_->rmw(op.key, [&](const std::string* old, std::string& out) {
          op.found = old != nullptr;
          fn(op, old, out);
        }), "rmw");
      }
    }
  }

 private:
  std::unique_ptr<kv::KvStore::Session> s_;
  std::vector<std::string_view> keys_;
  std::vector<std::size_t> idx_;
  std::vector<std::string> vals_;
  std::vector<kv::Status> st_;
};

class F2Backend final : public Backend {
 public:
  std::string name() const override { return "f2"; }
  static kv::Options options(const BackendConfig& c) {
    kv::Options o;
    o.dir = c.dir;
    o.memory_budget = c.memory_budget;
    o.expected_keys = c.expected_keys;
    o.expected_kv_bytes = c.kv_bytes;
    o.max_kv_bytes = std::max<std::uint32_t>(c.kv_bytes * 2, 1024);
    if (c.read_cache_fraction >= 0) o.read_cache_fraction = c.read_cache_fraction;
    if (c.chunk_cache_fraction >= 0) o.chunk_cache_fraction = c.chunk_cache_fraction;
    if (c.address_cache_fraction >= 0) o.address_cache_fraction = c.address_cache_fraction;
    return o;
  }
  std::uint64_t min_memory_budget(const BackendConfig& c) const override { return kv::min_memory_budget(options(c)); }
  std::string check_budget(const BackendConfig& c) const override {
    try {
      kv::plan_memory(options(c));
      return {};
    } catch (const kv::KvError& e) {
      return e.what();
    }
  }
  void open(const BackendConfig& c) override {
    try {
      store_ = kv::KvStore::open(options(c));
    } catch (const kv::KvError& e) {
      throw std::runtime_error(e.what());
    }
  }
  std::unique_ptr<BackendSession> session() override { return std::make_unique<F2Session>(store_->session()); }
  BackendStats stats() override {
    kv::KvStats s = store_->stats();
    BackendStats b;
    b.disk_bytes_read = s.disk_bytes_read;
    b.disk_bytes_written = s.disk_bytes_written;
    b.memory_bytes = s.memory_bytes;
    b.disk_space_bytes = s.disk_space_bytes;
    b.memory_parts = {{"hot_log", s.hot_log_memory_bytes},
                      {"read_cache", s.read_cache_bytes},
                      {"address_cache", s.address_cache_bytes},
                      {"hot_index", s.hot_index_bytes}};
    b.notes = "f2: own I/O counters (O_DIRECT" + std::string(store_->warnings().empty() ? "" : ", refused: buffered") +
              "); memory = hot index + hot log + read cache + cold directory + chunk/cold pages + address cache (";
    for (std::size_t i = 0; i < b.memory_parts.size(); ++i) {
      b.notes += (i ? ", " : "") + b.memory_parts[i].first + " " + mb(b.memory_parts[i].second);
    }
    b.notes += ")";
    b.counters = {{"rc_hits", s.read_cache_hits}, {"hot_mem", s.hot_memory_hits}, {"hot_disk", s.hot_disk_hits},
                  {"cold_hits", s.cold_hits}, {"in_place", s.in_place_updates}, {"appends", s.appends},
                  {"hot_rd", s.hot_reads}, {"cold_rd", s.cold_reads}, {"chunk_rd", s.chunk_reads},
                  {"hot_wr", s.hot_writes}, {"cold_wr", s.cold_writes}, {"chunk_wr", s.chunk_writes},
                  {"cc_hits", s.chunk_cache_hits}, {"ac_hits", s.address_cache_hits},
                  {"ac_miss", s.address_cache_misses}, {"migrated", s.migrated_records}, {"commits", s.commits},
                  {"stall_us", s.write_stall_us}, {"hot_wait_us", s.hot_page_wait_us}, {"rc_wait_us", s.rc_page_wait_us}};
    return b;
  }
  void settle() override { store_->compact_once(false); }

 private:
  std::unique_ptr<kv::KvStore> store_;
};

}  // namespace

std::unique_ptr<Backend> make_f2_backend() { return std::make_unique<F2Backend>(); }

}  // namespace plab::ycsb
