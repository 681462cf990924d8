// The YCSB backend over LMDB (a B+tree in a memory map): one write transaction per write, read
// transactions reset and renewed per read. LMDB cannot bound its memory (the OS page cache holds
// the map), which its stats say.
#include <lmdb.h>

#include <mutex>

#include "plugins/kvstore/ycsb/backend.h"

namespace plab::ycsb {
namespace {

void check(int rc, const char* what) {
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) throw std::runtime_error(std::string("lmdb: ") + what + ": " + mdb_strerror(rc));
}

MDB_val val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }

class LmdbSession final : public BackendSession {
 public:
  LmdbSession(MDB_env* env, MDB_dbi dbi) : env_(env), dbi_(dbi) {}
  ~LmdbSession() override {
    if (rtxn_) mdb_txn_abort(rtxn_);
  }
  bool read(std::string_view key, std::string& value) override {
    begin_read();
    MDB_val k = val(key), v;
    int rc = mdb_get(rtxn_, dbi_, &k, &v);
    check(rc, "get");
    if (rc == MDB_SUCCESS) value.assign(static_cast<const char*>(v.mv_data), v.mv_size);
    mdb_txn_reset(rtxn_);
    return rc == MDB_SUCCESS;
  }
  void write(std::string_view key, std::string_view value) override {
    MDB_txn* txn = nullptr;
    check(mdb_txn_begin(env_, nullptr, 0, &txn), "begin");
    MDB_val k = val(key), v = val(value);
    int rc = mdb_put(txn, dbi_, &k, &v, 0);
    if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      check(rc, "put");
    }
    check(mdb_txn_commit(txn), "commit");
  }
  void rmw(std::string_view key, const std::function<void(const std::string*, std::string&)>& fn) override {
    MDB_txn* txn = nullptr;
    check(mdb_txn_begin(env_, nullptr, 0, &txn), "begin");
    MDB_val k = val(key), v;
    int rc = mdb_get(txn, dbi_, &k, &v);
    std::string old, out;
    if (rc == MDB_SUCCESS) old.assign(static_cast<const char*>(v.mv_data), v.mv_size);
    fn(rc == MDB_SUCCESS ? &old : nullptr, out);
    MDB_val nv = val(out);
    rc = mdb_put(txn, dbi_, &k, &nv, 0);
    if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      check(rc, "put");
    }
    check(mdb_txn_commit(txn), "commit");
  }
  int scan(std::string_view start, int n) override {
    begin_read();
    MDB_cursor* cur = nullptr;
    check(mdb_cursor_open(rtxn_, dbi_, &cur), "cursor");
    MDB_val k = val(start), v;
    int got = 0;
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == MDB_SUCCESS && got < n;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
      ++got;
    }
    mdb_cursor_close(cur);
    mdb_txn_reset(rtxn_);
    return got;
  }

 private:
  void begin_read() {
    if (!rtxn_) check(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &rtxn_), "begin read");
    else check(mdb_txn_renew(rtxn_), "renew");
  }
  MDB_env* env_;
  MDB_dbi dbi_;
  MDB_txn* rtxn_ = nullptr;
};

class LmdbBackend final : public Backend {
 public:
  std::string name() const override { return "lmdb"; }
  ~LmdbBackend() override {
    if (env_) mdb_env_close(env_);
  }
  void open(const BackendConfig& c) override {
    dir_ = c.dir;
    check(mdb_env_create(&env_), "create");
    // Room for the data with B-tree overhead and copy-on-write pages; the file is sparse.
    const std::uint64_t map = std::max<std::uint64_t>(c.expected_keys * (c.kv_bytes + 64) * 4, 256ull << 20);
    check(mdb_env_set_mapsize(env_, map), "mapsize");
    check(mdb_env_set_maxreaders(env_, 256), "maxreaders");
    int rc = mdb_env_open(env_, c.dir.c_str(), MDB_NOSYNC | MDB_NOTLS | MDB_NORDAHEAD, 0644);
    if (rc != MDB_SUCCESS) throw std::runtime_error("lmdb: cannot open " + c.dir.string() + ": " + mdb_strerror(rc));
    MDB_txn* txn = nullptr;
    check(mdb_txn_begin(env_, nullptr, 0, &txn), "begin");
    check(mdb_dbi_open(txn, nullptr, 0, &dbi_), "dbi");
    check(mdb_txn_commit(txn), "commit");
    io_start_ = process_io_bytes();
  }
  std::unique_ptr<BackendSession> session() override { return std::make_unique<LmdbSession>(env_, dbi_); }
  BackendStats stats() override {
    BackendStats b;
    auto [r, w] = process_io_bytes();
    b.disk_bytes_read = r - io_start_.first;
    b.disk_bytes_written = w - io_start_.second;
    b.memory_bytes = 0;
    b.disk_space_bytes = disk_usage(dir_);
    b.notes = "lmdb: disk bytes from /proc/self/io (whole process); memory is the OS page cache over the map and "
              "is not bounded by the budget (reported as 0)";
    return b;
  }
  void settle() override { mdb_env_sync(env_, 1); }

 private:
  std::filesystem::path dir_;
  MDB_env* env_ = nullptr;
  MDB_dbi dbi_ = 0;
  std::pair<std::uint64_t, std::uint64_t> io_start_{0, 0};
};

}  // namespace

std::unique_ptr<Backend> make_lmdb_backend() { return std::make_unique<LmdbBackend>(); }

}  // namespace plab::ycsb
