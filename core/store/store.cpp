// Store: opening (schema, migrations, interrupted runs) and everything that changes runs.
// Queries are in store_queries.cpp and store_trace.cpp.
#include "core/store/store.h"

#include "core/store/interruption.h"
#include "core/store/process_identity.h"
#include "core/store/rows.h"
#include "core/store/schema.h"
#include "core/store/sqlite_util.h"
#include "core/util/error.h"

namespace plab::store {

Store::Store(std::filesystem::path path) : path_(std::move(path)) {}

Store::~Store() { sql::Closer()(db_); }

std::unique_ptr<Store> Store::open(const std::filesystem::path& file) { return open(file, OpenOptions{}); }

std::unique_ptr<Store> Store::open(const std::filesystem::path& file, const OpenOptions& options) {
  std::unique_ptr<Store> store(new Store(file));
  auto conn = sql::open(file, /*create=*/true);
  schema::prepare(conn.get());
  // Readers: a larger page cache, and memory-mapped reads for trace chunks.
  sql::exec(conn.get(), "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456");
  store->db_ = conn.release();
  store->interrupted_ = mark_interrupted_runs(store->db_, options.proc_root);
  return store;
}

int Store::latest_schema_version() { return schema::latest_version(); }

int Store::schema_version() const { return static_cast<int>(sql::query_int(db_, "PRAGMA user_version")); }

std::int64_t Store::data_version() const { return sql::query_int(db_, "PRAGMA data_version"); }

std::unique_ptr<RunWriter> Store::start_run(const NewRun& run) { return start_run(run, WriterOptions{}); }

std::unique_ptr<RunWriter> Store::start_run(const NewRun& run, const WriterOptions& options) {
  if (run.module.empty()) throw InputError("start_run: field 'module': expected a module id");
  if (!run.params.is_object()) throw InputError("start_run: field 'params': expected a JSON object");
  const ProcessIdentity me = current_process();
  const double now = rows::unix_now();
  std::int64_t id = 0;
  {
    sql::Tx tx(db_);
    sql::Stmt ins(db_,
                  "INSERT INTO runs (module, module_version, target, seed, status, params, created, started, "
                  "last_activity, host, pid, owner_boot_id, owner_start_time, sweep_id, environment) "
                  "VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6, ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    ins.bind_text(1, run.module).bind_text(2, run.module_version).bind_text(3, run.target);
    ins.bind_int(4, static_cast<std::int64_t>(run.seed)).bind_text(5, run.params.dump()).bind_double(6, now);
    ins.bind_text(7, me.host).bind_int(8, me.pid).bind_text(9, me.boot_id).bind_int(10, me.start_time);
    if (run.sweep_id != 0)
      ins.bind_int(11, run.sweep_id);
    else
      ins.bind_null(11);
    ins.bind_text(12, run.environment.is_null() ? "{}" : run.environment.dump());
    ins.run();
    id = sqlite3_last_insert_rowid(db_);
    sql::Stmt par(db_, "INSERT INTO run_params (run_id, name, value) VALUES (?1, ?2, ?3)");
    for (const auto& [name, value] : run.params.items()) {
      par.bind_int(1, id).bind_text(2, name);
      rows::bind_param_value(par, 3, value);
      par.run();
    }
    tx.commit();
  }
  try {
    return std::unique_ptr<RunWriter>(new RunWriter(path_, id, options));
  } catch (const std::exception& e) {
    sql::Stmt fail(db_, "UPDATE runs SET status = 'failed', ended = ?1, error = ?2 WHERE id = ?3");
    fail.bind_double(1, rows::unix_now()).bind_text(2, std::string("could not start writing: ") + e.what());
    fail.bind_int(3, id).run();
    throw;
  }
}

std::int64_t Store::create_sweep(const std::string& module, const nlohmann::json& grid) {
  sql::Stmt ins(db_, "INSERT INTO sweeps (module, grid, created) VALUES (?1, ?2, ?3)");
  ins.bind_text(1, module).bind_text(2, grid.dump()).bind_double(3, rows::unix_now()).run();
  return sqlite3_last_insert_rowid(db_);
}

namespace {

void update_run(sqlite3* db, std::int64_t run_id, const char* sql, std::string_view value) {
  sql::Stmt st(db, sql);
  st.bind_text(1, value).bind_int(2, run_id).run();
  if (sqlite3_changes(db) == 0) throw StoreError(sql::file_of(db) + ": no run " + std::to_string(run_id));
}

}  // namespace

void Store::set_tags(std::int64_t run_id, const std::vector<std::string>& tags) {
  update_run(db_, run_id, "UPDATE runs SET tags = ?1 WHERE id = ?2", nlohmann::json(tags).dump());
}

void Store::set_notes(std::int64_t run_id, const std::string& notes) {
  update_run(db_, run_id, "UPDATE runs SET notes = ?1 WHERE id = ?2", notes);
}

void Store::delete_run(std::int64_t run_id) {
  sql::Tx tx(db_);
  sql::Stmt st(db_, "SELECT status FROM runs WHERE id = ?1");
  st.bind_int(1, run_id);
  if (!st.step()) throw StoreError(path_.string() + ": no run " + std::to_string(run_id));
  const std::string status = st.col_text(0);
  st.reset();
  if (status == "running")
    throw StoreError(path_.string() + ": run " + std::to_string(run_id) +
                     " is still running; cancel it or wait until it ends before deleting it");
  sql::Stmt del(db_, "DELETE FROM runs WHERE id = ?1");  // everything else goes by ON DELETE CASCADE
  del.bind_int(1, run_id).run();
  tx.commit();
}

}  // namespace plab::store
