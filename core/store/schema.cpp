#include "core/store/schema.h"

#include <fstream>
#include <string>
#include <vector>

#include "core/store/sqlite_util.h"
#include "core/util/error.h"

namespace plab::store::schema {
namespace {

constexpr int kPageSize = 16384;

struct Migration {
  int version;
  const char* what;
  const char* sql;
};

// Never edit a migration once released: files in the field were made by it. Add a new one.
const Migration kMigrations[] = {
    {1, "base schema", R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  module TEXT NOT NULL,
  module_version TEXT NOT NULL,
  target TEXT NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  params TEXT NOT NULL DEFAULT '{}',
  created REAL NOT NULL,
  started REAL NOT NULL,
  ended REAL NOT NULL DEFAULT 0,
  last_activity REAL NOT NULL,
  host TEXT NOT NULL DEFAULT '',
  pid INTEGER NOT NULL DEFAULT 0,
  owner_boot_id TEXT NOT NULL DEFAULT '',
  owner_start_time INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  progress REAL NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_module ON runs(module);
CREATE TABLE run_params (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE INDEX run_params_name_value ON run_params(name, value);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE points (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  t REAL NOT NULL,
  config TEXT NOT NULL,
  metrics TEXT NOT NULL,
  feasible INTEGER NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  UNIQUE (run_id, seq)
);
CREATE TABLE trace_series (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 0,
  t_min REAL NOT NULL DEFAULT 0,
  t_max REAL NOT NULL DEFAULT 0,
  v_min REAL NOT NULL DEFAULT 0,
  v_max REAL NOT NULL DEFAULT 0,
  UNIQUE (run_id, name)
);
CREATE TABLE trace_chunks (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES trace_series(id) ON DELETE CASCADE,
  t0 REAL NOT NULL,
  t1 REAL NOT NULL,
  vmin REAL NOT NULL,
  vmax REAL NOT NULL,
  n INTEGER NOT NULL,
  summary BLOB NOT NULL
);
CREATE INDEX trace_chunks_series_t0 ON trace_chunks(series_id, t0);
CREATE TABLE trace_chunk_samples (
  chunk_id INTEGER PRIMARY KEY REFERENCES trace_chunks(id) ON DELETE CASCADE,
  samples BLOB NOT NULL
);
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX artifacts_run ON artifacts(run_id);
CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  t REAL NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX logs_run ON logs(run_id);
CREATE TABLE errors (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  t REAL NOT NULL,
  source TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX errors_run ON errors(run_id);
)sql"},
    {2, "tags, notes, sweeps and run environment", R"sql(
CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  module TEXT NOT NULL,
  grid TEXT NOT NULL DEFAULT '{}',
  created REAL NOT NULL
);
ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN environment TEXT NOT NULL DEFAULT '{}';
CREATE INDEX runs_sweep ON runs(sweep_id);
)sql"},
    {3, "trace series x axis", R"sql(
ALTER TABLE trace_series ADD COLUMN x_axis TEXT NOT NULL DEFAULT '';
)sql"},
};

// SQLite's own header: a non-empty file that does not start with it is not a database.
void check_header(sqlite3* db) {
  std::string file = sql::file_of(db);
  std::ifstream in(file, std::ios::binary);
  if (!in) return;  // a new file
  char head[16] = {};
  in.read(head, sizeof head);
  std::streamsize got = in.gcount();
  if (got == 0) return;  // an empty file becomes a new store
  static const char kMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                  'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
  if (got < 16 || std::string(head, 16) != std::string(kMagic, 16))
    throw StoreError(file +
                     ": not a SQLite database, so not a ParetoLab store (expected a file made by "
                     "ParetoLab, e.g. runs.sqlite)");
}

std::vector<std::string> table_names(sqlite3* db) {
  std::vector<std::string> names;
  sql::Stmt st(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  while (st.step()) names.push_back(st.col_text(0));
  return names;
}

// The identity as of one moment: read in one (deferred, read-only) transaction, so a store another
// process is creating right now is seen either empty or complete, never as tables without the
// application id (which read as "not a ParetoLab store"; found by the kill -9 test under load).
struct Identity {
  std::int64_t app = 0, version = 0;
  std::vector<std::string> tables;
};

Identity read_identity(sqlite3* db) {
  sql::exec(db, "BEGIN");
  Identity id;
  try {
    id.app = sql::query_int(db, "PRAGMA application_id");
    id.version = sql::query_int(db, "PRAGMA user_version");
    id.tables = table_names(db);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  sql::exec(db, "COMMIT");
  return id;
}

void check_identity(sqlite3* db) {
  const std::string file = sql::file_of(db);
  const auto [app, version, tables] = read_identity(db);
  if (app != kApplicationId && (!tables.empty() || version != 0)) {
    std::string list;
    for (std::size_t i = 0; i < tables.size() && i < 5; ++i) list += (i ? ", " : "") + tables[i];
    if (tables.size() > 5) list += ", ...";
    throw StoreError(file + ": not a ParetoLab store (a SQLite database with other tables: " +
                     (list.empty() ? std::string("none") : list) + "); choose another file");
  }
  if (version > latest_version())
    throw StoreError(file + ": the store has schema version " + std::to_string(version) +
                     " but this build knows versions up to " + std::to_string(latest_version()) +
                     "; open it with a newer ParetoLab (the file was not changed)");
}

void migrate(sqlite3* db) {
  for (const auto& m : kMigrations) {
    if (sql::query_int(db, "PRAGMA user_version") >= m.version) continue;
    sql::Tx tx(db);
    // Another process may have migrated while this one waited for the write lock.
    if (sql::query_int(db, "PRAGMA user_version") >= m.version) continue;
    try {
      if (m.version == 1) sql::exec(db, "PRAGMA application_id = " + std::to_string(kApplicationId));
      sql::exec(db, m.sql);
      sql::exec(db, "PRAGMA user_version = " + std::to_string(m.version));
      tx.commit();
    } catch (const StoreError& e) {
      throw StoreError(std::string("migrating to schema version ") + std::to_string(m.version) + " (" +
                       m.what + ") failed, the file keeps its previous version: " + e.what());
    }
  }
}

}  // namespace

int latest_version() { return kMigrations[std::size(kMigrations) - 1].version; }

void configure_connection(sqlite3* db) {
  sql::exec(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
}

void prepare(sqlite3* db) {
  check_header(db);
  check_identity(db);  // reads only: a refused file stays as it was
  // A new file gets larger pages: trace chunks are 64 KiB blobs, and fewer, larger pages mean
  // fewer write calls. Only possible before the first write (switching to WAL is one).
  if (sql::query_int(db, "PRAGMA user_version") == 0 &&
      sql::query_int(db, "SELECT count(*) FROM sqlite_schema") == 0)
    sql::exec(db, "PRAGMA page_size = " + std::to_string(kPageSize));
  std::string mode = sql::query_text(db, "PRAGMA journal_mode = WAL");
  if (mode != "wal")
    throw StoreError(sql::file_of(db) + ": cannot switch the store to WAL mode (got '" + mode +
                     "'); is it on a network or read-only file system?");
  configure_connection(db);
  migrate(db);
}

}  // namespace plab::store::schema
