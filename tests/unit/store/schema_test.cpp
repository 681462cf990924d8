// Schema creation, forward migration of an old file, and refusal of files that are not ours.
#include "core/store/schema.h"

#include <gtest/gtest.h>

#include "core/util/error.h"
#include "unit/store/store_test_util.h"

namespace plab::store {
namespace {

using testing::TempDir;

// The schema as version 1 files were written in the field (frozen copy: do not update it when
// the schema changes; it is what a migration must start from).
const char* kV1Schema = R"sql(
PRAGMA application_id = 1347182946;
CREATE TABLE runs (id INTEGER PRIMARY KEY, module TEXT NOT NULL, module_version TEXT NOT NULL,
  target TEXT NOT NULL, seed INTEGER NOT NULL, status TEXT NOT NULL
  CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  params TEXT NOT NULL DEFAULT '{}', created REAL NOT NULL, started REAL NOT NULL,
  ended REAL NOT NULL DEFAULT 0, last_activity REAL NOT NULL, host TEXT NOT NULL DEFAULT '',
  pid INTEGER NOT NULL DEFAULT 0, owner_boot_id TEXT NOT NULL DEFAULT '',
  owner_start_time INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '',
  progress REAL NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '');
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_module ON runs(module);
CREATE TABLE run_params (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL,
  value, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
CREATE INDEX run_params_name_value ON run_params(name, value);
CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL,
  value REAL, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
CREATE TABLE points (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, t REAL NOT NULL, config TEXT NOT NULL, metrics TEXT NOT NULL, feasible INTEGER NOT NULL,
  label TEXT NOT NULL DEFAULT '', UNIQUE (run_id, seq));
CREATE TABLE trace_series (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '', count INTEGER NOT NULL DEFAULT 0,
  t_min REAL NOT NULL DEFAULT 0, t_max REAL NOT NULL DEFAULT 0, v_min REAL NOT NULL DEFAULT 0,
  v_max REAL NOT NULL DEFAULT 0, UNIQUE (run_id, name));
CREATE TABLE trace_chunks (id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES trace_series(id) ON DELETE CASCADE, t0 REAL NOT NULL, t1 REAL NOT NULL,
  vmin REAL NOT NULL, vmax REAL NOT NULL, n INTEGER NOT NULL, summary BLOB NOT NULL);
CREATE INDEX trace_chunks_series_t0 ON trace_chunks(series_id, t0);
CREATE TABLE trace_chunk_samples (chunk_id INTEGER PRIMARY KEY REFERENCES trace_chunks(id) ON DELETE CASCADE,
  samples BLOB NOT NULL);
CREATE TABLE artifacts (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX artifacts_run ON artifacts(run_id);
CREATE TABLE logs (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  t REAL NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX logs_run ON logs(run_id);
CREATE TABLE errors (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  t REAL NOT NULL, source TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX errors_run ON errors(run_id);
PRAGMA user_version = 1;
)sql";

std::int64_t pragma(const std::filesystem::path& file, const std::string& name) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("PRAGMA " + name).c_str(), -1, &st, nullptr);
  std::int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

std::string expect_store_error(const std::filesystem::path& file) {
  try {
    Store::open(file);
  } catch (const StoreError& e) {
    return e.what();
  }
  ADD_FAILURE() << "opening " << file << " did not throw StoreError";
  return {};
}

TEST(StoreSchema, CreatesLatestSchemaInWalMode) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  EXPECT_EQ(store->schema_version(), Store::latest_schema_version());
  EXPECT_GE(Store::latest_schema_version(), 2);
  store.reset();
  EXPECT_EQ(pragma(dir / "runs.sqlite", "application_id"), schema::kApplicationId);
  EXPECT_EQ(pragma(dir / "runs.sqlite", "user_version"), Store::latest_schema_version());
  sqlite3* db = nullptr;
  sqlite3_open((dir / "runs.sqlite").c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(StoreSchema, ReopeningKeepsData) {
  TempDir dir;
  std::int64_t id = 0;
  {
    auto store = Store::open(dir / "runs.sqlite");
    auto w = store->start_run(testing::demo_run());
    id = w->run_id();
    w->metric("energy_j", 12.5);
    w->finish(RunStatus::Completed);
  }
  auto store = Store::open(dir / "runs.sqlite");
  ASSERT_TRUE(store->run(id));
  EXPECT_EQ(store->run(id)->status, RunStatus::Completed);
  EXPECT_DOUBLE_EQ(store->metrics(id).at(0).value, 12.5);
}

TEST(StoreSchema, MigratesAVersion1FileKeepingItsData) {
  TempDir dir;
  const auto file = dir / "old.sqlite";
  ASSERT_EQ(schema::kApplicationId, 1347182946);  // the fixture's application_id
  testing::raw_exec(file, kV1Schema);
  testing::raw_exec(file, R"sql(
    INSERT INTO runs (id, module, module_version, target, seed, status, params, created, started, ended,
                      last_activity, host, pid, error, progress, message)
      VALUES (7, 'energy-tuner', '0.9.0', 'simulated:a100', 5, 'completed', '{"batch": 8}', 100, 101, 160, 160,
              'lab-1', 1234, '', 1, 'done');
    INSERT INTO run_params VALUES (7, 'batch', 8);
    INSERT INTO metrics VALUES (7, 'energy_j', 3.5);
    INSERT INTO points (run_id, seq, t, config, metrics, feasible, label)
      VALUES (7, 0, 1.5, '{"batch": 8}', '{"energy_j": 3.5}', 1, 'default');
    INSERT INTO logs (run_id, t, level, message) VALUES (7, 0.5, 'warning', 'hot');
    INSERT INTO trace_series (run_id, name, unit) VALUES (7, 'power', 'W');
  )sql");
  ASSERT_EQ(pragma(file, "user_version"), 1);

  auto store = Store::open(file);
  EXPECT_EQ(store->schema_version(), Store::latest_schema_version());
  auto run = store->run(7);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->module, "energy-tuner");
  EXPECT_EQ(run->status, RunStatus::Completed);
  EXPECT_EQ(run->params, nlohmann::json({{"batch", 8}}));
  EXPECT_EQ(run->host, "lab-1");
  EXPECT_DOUBLE_EQ(run->ended, 160);
  // Columns added by version 2 get their defaults.
  EXPECT_TRUE(run->tags.empty());
  EXPECT_EQ(run->notes, "");
  EXPECT_EQ(run->sweep_id, 0);
  EXPECT_EQ(run->environment, nlohmann::json::object());
  EXPECT_DOUBLE_EQ(store->metrics(7).at(0).value, 3.5);
  ASSERT_EQ(store->points(7).size(), 1u);
  EXPECT_EQ(store->points(7)[0].point.label, "default");
  ASSERT_EQ(store->logs(7).size(), 1u);
  EXPECT_EQ(store->logs(7)[0].level, LogLevel::Warning);
  // Version 3's x axis: empty (time) for series stored before it.
  ASSERT_EQ(store->series(7).size(), 1u);
  EXPECT_EQ(store->series(7)[0].unit, "W");
  EXPECT_EQ(store->series(7)[0].x_axis, "");
  // And version 2's features work on the migrated file.
  store->set_tags(7, {"baseline"});
  auto sweep = store->create_sweep("energy-tuner", {{"batch", {8, 16}}});
  EXPECT_GT(sweep, 0);
  EXPECT_EQ(store->run(7)->tags, std::vector<std::string>{"baseline"});
}

TEST(StoreSchema, RefusesANewerVersionAndLeavesTheFileUntouched) {
  TempDir dir;
  const auto file = dir / "future.sqlite";
  Store::open(file).reset();
  const int future = Store::latest_schema_version() + 7;
  testing::raw_exec(file, "PRAGMA user_version = " + std::to_string(future));
  const std::string before = testing::read_bytes(file);
  const std::string msg = expect_store_error(file);
  EXPECT_NE(msg.find(std::to_string(future)), std::string::npos) << msg;
  EXPECT_NE(msg.find(std::to_string(Store::latest_schema_version())), std::string::npos) << msg;
  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_EQ(testing::read_bytes(file), before);
  EXPECT_EQ(pragma(file, "user_version"), future);
}

TEST(StoreSchema, RefusesAFileThatIsNotSqlite) {
  TempDir dir;
  const auto file = dir / "notes.txt";
  { std::ofstream(file) << "these are my notes, not a database\n" << std::string(200, 'x'); }
  const std::string before = testing::read_bytes(file);
  const std::string msg = expect_store_error(file);
  EXPECT_NE(msg.find("not a SQLite database"), std::string::npos) << msg;
  EXPECT_NE(msg.find("notes.txt"), std::string::npos) << msg;
  EXPECT_EQ(testing::read_bytes(file), before);
}

TEST(StoreSchema, RefusesAForeignSqliteDatabase) {
  TempDir dir;
  const auto file = dir / "other.sqlite";
  testing::raw_exec(file,
                    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); "
                    "INSERT INTO customers VALUES (1, 'Ada');");
  const std::string before = testing::read_bytes(file);
  const std::string msg = expect_store_error(file);
  EXPECT_NE(msg.find("not a ParetoLab store"), std::string::npos) << msg;
  EXPECT_NE(msg.find("customers"), std::string::npos) << msg;
  EXPECT_EQ(testing::read_bytes(file), before);
  EXPECT_EQ(pragma(file, "user_version"), 0);
}

TEST(StoreSchema, AnEmptyFileBecomesAStore) {
  TempDir dir;
  const auto file = dir / "empty.sqlite";
  { std::ofstream out(file); }
  auto store = Store::open(file);
  EXPECT_EQ(store->schema_version(), Store::latest_schema_version());
}

TEST(StoreSchema, AMissingFolderIsAClearError) {
  TempDir dir;
  const std::string msg = expect_store_error(dir / "no/such/folder/runs.sqlite");
  EXPECT_NE(msg.find("no/such/folder"), std::string::npos) << msg;
}

}  // namespace
}  // namespace plab::store
