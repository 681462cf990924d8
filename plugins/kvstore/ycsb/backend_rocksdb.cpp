// The YCSB backend over RocksDB, configured for the same memory budget (block cache for data,
// index and filter blocks, plus two memtables) with direct I/O for reads, flushes and compactions.
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>

#include <chrono>
#include <thread>

#include "plugins/kvstore/ycsb/backend.h"

namespace plab::ycsb {
namespace {

void check(const rocksdb::Status& s, const char* what) {
  if (!s.ok() && !s.IsNotFound()) throw std::runtime_error(std::string("rocksdb: ") + what + ": " + s.ToString());
}

class RocksSession final : public BackendSession {
 public:
  explicit RocksSession(rocksdb::DB* db) : db_(db) { wopt_.disableWAL = true; }
  bool read(std::string_view key, std::string& value) override {
    rocksdb::Status s = db_->Get(ropt_, rocksdb::Slice(key.data(), key.size()), &value);
    check(s, "get");
    return s.ok();
  }
  void write(std::string_view key, std::string_view value) override {
    check(db_->Put(wopt_, rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size())), "put");
  }
  void rmw(std::string_view key, const std::function<void(const std::string*, std::string&)>& fn) override {
    std::string old, out;
    const bool found = read(key, old);
    fn(found ? &old : nullptr, out);
    write(key, out);
  }
  /// Reads (and the reads of read-modify-writes) as one MultiGet, then the writes.
  void run_batch(std::vector<BatchOp>& ops, const BatchRmwFn& fn) override {
    std::vector<rocksdb::Slice> keys;
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].kind == BatchOp::Kind::Write) continue;
      keys.emplace_back(ops[i].key.data(), ops[i].key.size());
      idx.push_back(i);
    }
    std::vector<std::string> vals;
    std::vector<rocksdb::Status> st;
    if (!keys.empty()) st = db_->MultiGet(ropt_, keys, &vals);
    for (std::size_t k = 0; k < idx.size(); ++k) {
      check(st[k], "multiget");
      BatchOp& op = ops[idx[k]];
      if (op.kind == BatchOp::Kind::Read) {
        op.found = st[k].ok();
        if (op.found) op.value.swap(vals[k]);
      } else {
        op.found = st[k].ok();
        std::string out;
        fn(op, op.found ? &vals[k] : nullptr, out);
        write(op.key, out);
      }
    }
    for (BatchOp& op : ops) {
      if (op.kind == BatchOp::Kind::Write) write(op.key, op.value);
    }
  }
  int scan(std::string_view start, int n) override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ropt_));
    int got = 0;
    for (it->Seek(rocksdb::Slice(start.data(), start.size())); it->Valid() && got < n; it->Next()) ++got;
    check(it->status(), "scan");
    return got;
  }

 private:
  rocksdb::DB* db_;
  rocksdb::ReadOptions ropt_;
  rocksdb::WriteOptions wopt_;
};

class RocksBackend final : public Backend {
 public:
  std::string name() const override { return "rocksdb"; }
  ~RocksBackend() override {
    if (db_) {
      db_->Close();
      delete db_;
    }
  }
  void open(const BackendConfig& c) override {
    dir_ = c.dir;
    rocksdb::Options o;
    o.create_if_missing = true;
    o.compression = rocksdb::kNoCompression;  // values are random bytes; the F2 store does not compress
    // Memory budget: a quarter for two memtables (each at least RocksDB's smallest, 64 KiB, and
    // the pair never more than half), the rest for the block cache, which also holds index and
    // filter blocks so that they count against the budget. (Memtables of at least 256 KiB each
    // made the cache 88 KiB at a 600 KiB budget, less than at 300 KiB, and let the memtables
    // exceed a budget under 512 KiB.)
    // (RocksDB raises a smaller write buffer to 64 KiB, so under 256 KiB the memtables exceed a
    // quarter; the module's budgets are at least 256 KiB.)
    o.write_buffer_size = std::max<std::uint64_t>(c.memory_budget / 8, 64 << 10);
    o.max_write_buffer_number = 2;
    const std::uint64_t cache = c.memory_budget >= 4 * o.write_buffer_size ? c.memory_budget - 2 * o.write_buffer_size
                                                                            : c.memory_budget / 2;
    rocksdb::BlockBasedTableOptions t;
    cache_ = rocksdb::NewLRUCache(cache);
    t.block_cache = cache_;
    t.cache_index_and_filter_blocks = true;
    t.pin_l0_filter_and_index_blocks_in_cache = true;
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
    o.use_direct_reads = true;
    o.use_direct_io_for_flush_and_compaction = true;
    o.max_background_jobs = 2;
    o.statistics = rocksdb::CreateDBStatistics();
    stats_ = o.statistics;
    rocksdb::Status s = rocksdb::DB::Open(o, c.dir.string(), &db_);
    if (!s.ok()) throw std::runtime_error("rocksdb: cannot open " + c.dir.string() + ": " + s.ToString());
  }
  std::unique_ptr<BackendSession> session() override { return std::make_unique<RocksSession>(db_); }
  BackendStats stats() override {
    BackendStats b;
    using T = rocksdb::Tickers;
    // Every SST read goes through the file reader, which counts it by level (user reads and
    // compaction inputs alike); writes are flushes, compaction outputs and the WAL (disabled).
    b.disk_bytes_read = stats_->getTickerCount(T::LAST_LEVEL_READ_BYTES) + stats_->getTickerCount(T::NON_LAST_LEVEL_READ_BYTES);
    b.disk_bytes_written = stats_->getTickerCount(T::FLUSH_WRITE_BYTES) + stats_->getTickerCount(T::COMPACT_WRITE_BYTES) +
                           stats_->getTickerCount(T::WAL_FILE_BYTES);
    std::uint64_t mem = 0, tables = 0;
    db_->GetIntProperty("rocksdb.cur-size-all-mem-tables", &mem);
    db_->GetIntProperty("rocksdb.estimate-table-readers-mem", &tables);
    b.memory_bytes = mem + tables + cache_->GetUsage();
    b.disk_space_bytes = disk_usage(dir_);
    b.notes = "rocksdb: statistics tickers (level read bytes; flush + compaction + WAL write bytes), direct I/O, "
              "WAL disabled, no compression";
    return b;
  }
  void settle() override {
    rocksdb::FlushOptions f;
    db_->Flush(f);
    for (int i = 0; i < 1200; ++i) {
      std::uint64_t running = 0, pending = 0;
      db_->GetIntProperty("rocksdb.num-running-compactions", &running);
      db_->GetIntProperty("rocksdb.compaction-pending", &pending);
      if (running == 0 && pending == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

 private:
  std::filesystem::path dir_;
  rocksdb::DB* db_ = nullptr;
  std::shared_ptr<rocksdb::Cache> cache_;
  std::shared_ptr<rocksdb::Statistics> stats_;
};

}  // namespace

std::unique_ptr<Backend> make_rocksdb_backend() { return std::make_unique<RocksBackend>(); }

}  // namespace plab::ycsb
