// The YCSB backend over this project's F2-style store.
#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/ycsb/backend.h"

namespace plab::ycsb {
namespace {

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

 private:
  std::unique_ptr<kv::KvStore::Session> s_;
};

class F2Backend final : public Backend {
 public:
  std::string name() const override { return "f2"; }
  void open(const BackendConfig& c) override {
    kv::Options o;
    o.dir = c.dir;
    o.memory_budget = c.memory_budget;
    o.expected_keys = c.expected_keys;
    o.expected_kv_bytes = c.kv_bytes;
    o.max_kv_bytes = std::max<std::uint32_t>(c.kv_bytes * 2, 1024);
    try {
      store_ = kv::KvStore::open(o);
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
    b.notes = "f2: own I/O counters (O_DIRECT" + std::string(store_->warnings().empty() ? "" : ", refused: buffered") +
              "); memory = hot index + hot log + read cache + cold directory + chunk/cold pages";
    b.counters = {{"rc_hits", s.read_cache_hits}, {"hot_mem", s.hot_memory_hits}, {"hot_disk", s.hot_disk_hits},
                  {"cold_hits", s.cold_hits}, {"in_place", s.in_place_updates}, {"appends", s.appends},
                  {"hot_rd", s.hot_reads}, {"cold_rd", s.cold_reads}, {"chunk_rd", s.chunk_reads},
                  {"hot_wr", s.hot_writes}, {"cold_wr", s.cold_writes}, {"chunk_wr", s.chunk_writes},
                  {"cc_hits", s.chunk_cache_hits}, {"migrated", s.migrated_records}, {"commits", s.commits}};
    return b;
  }
  void settle() override { store_->compact_once(false); }

 private:
  std::unique_ptr<kv::KvStore> store_;
};

}  // namespace

std::unique_ptr<Backend> make_f2_backend() { return std::make_unique<F2Backend>(); }

}  // namespace plab::ycsb
