#include "core/store/sqlite_util.h"

#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace plab::store::sql {

std::string file_of(sqlite3* db) {
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  return f && *f ? std::string(f) : std::string("(store)");
}

void fail(sqlite3* db, std::string_view what) {
  throw StoreError(file_of(db) + ": " + std::string(what) + ": " +
                   (db ? sqlite3_errmsg(db) : "out of memory"));
}

void Closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

Connection open(const std::filesystem::path& file, bool create, int busy_ms) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    throw StoreError(file.string() + ": cannot open the store: " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_ms);
  return db;
}

void exec(sqlite3* db, std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw StoreError(file_of(db) + ": " + s.substr(0, 60) + ": " + msg);
  }
}

std::int64_t query_int(sqlite3* db, std::string_view sql, std::int64_t fallback) {
  Stmt st(db, sql);
  std::int64_t v = st.step() ? st.col_int(0) : fallback;
  st.reset();
  return v;
}

std::string query_text(sqlite3* db, std::string_view sql) {
  Stmt st(db, sql);
  std::string v = st.step() ? st.col_text(0) : std::string();
  st.reset();
  return v;
}

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    fail(db, "preparing '" + std::string(sql.substr(0, 60)) + "'");
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::bind_int(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Stmt& Stmt::bind_double(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Stmt& Stmt::bind_text(int i, std::string_view v) {
  // An empty view may have a null data pointer, which SQLite would store as NULL.
  const char* p = v.data() ? v.data() : "";
  if (sqlite3_bind_text64(stmt_, i, p, v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    fail(db_, "binding");
  return *this;
}

Stmt& Stmt::bind_blob(int i, std::span<const unsigned char> v) {
  // A zero-length blob must still be a blob, not NULL: give SQLite a valid pointer.
  static const unsigned char empty = 0;
  const void* p = v.empty() ? &empty : v.data();
  if (sqlite3_bind_blob64(stmt_, i, p, v.size(), SQLITE_STATIC) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Stmt& Stmt::bind_zeroblob(int i, std::int64_t size) {
  if (sqlite3_bind_zeroblob64(stmt_, i, static_cast<sqlite3_uint64>(size)) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    sqlite3_reset(stmt_);
    return false;
  }
  std::string what = std::string("running '") + sqlite3_sql(stmt_) + "'";
  if (what.size() > 80) what = what.substr(0, 77) + "...'";
  sqlite3_reset(stmt_);
  fail(db_, what);
}

void Stmt::run() {
  while (step()) {
  }
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::int64_t Stmt::col_int(int col) const { return sqlite3_column_int64(stmt_, col); }

double Stmt::col_double(int col) const {
  if (is_null(col)) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, col);
}

std::string Stmt::col_text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::span<const unsigned char> Stmt::col_blob(int col) const {
  const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::span<const unsigned char>(p, static_cast<std::size_t>(n))
           : std::span<const unsigned char>();
}

Tx::Tx(sqlite3* db) : db_(db) { exec(db, "BEGIN IMMEDIATE"); }

Tx::~Tx() {
  if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Tx::commit() {
  exec(db_, "COMMIT");
  open_ = false;
}

}  // namespace plab::store::sql
