#pragma once
// A thin RAII layer over the SQLite C API, private to core/store: one owned connection, prepared
// statements that reset themselves, and transactions that roll back unless committed. Every
// failure throws StoreError naming the database file, what was being done and SQLite's message.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace plab::store::sql {

/// Throws StoreError "<file>: <what>: <SQLite's message>".
[[noreturn]] void fail(sqlite3* db, std::string_view what);
/// The main database file of a connection, for messages.
std::string file_of(sqlite3* db);

/// Closes a connection (sqlite3_close_v2) when it goes.
struct Closer {
  void operator()(sqlite3* db) const noexcept;
};
using Connection = std::unique_ptr<sqlite3, Closer>;

/// Opens `file` read-write (creating it if `create`), with extended error codes and a busy
/// timeout of `busy_ms` so that a second writer waits instead of failing at once.
Connection open(const std::filesystem::path& file, bool create, int busy_ms = 5000);

/// Runs one or more statements that return no rows.
void exec(sqlite3* db, std::string_view sql);
/// Runs a query returning one integer (a PRAGMA, a count); `fallback` when there is no row.
std::int64_t query_int(sqlite3* db, std::string_view sql, std::int64_t fallback = 0);
std::string query_text(sqlite3* db, std::string_view sql);

/// One prepared statement. Binding starts at index 1 like SQLite. step() resets the statement as
/// soon as it returns false, so an idle statement never pins a read snapshot of a WAL file.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind_int(int i, std::int64_t v);
  Stmt& bind_double(int i, double v);  // NaN is stored as NULL (SQLite's rule)
  Stmt& bind_text(int i, std::string_view v);
  Stmt& bind_blob(int i, std::span<const unsigned char> v);
  Stmt& bind_zeroblob(int i, std::int64_t size);
  Stmt& bind_null(int i);

  /// Advances; true while a row is available. Throws on error (after resetting).
  bool step();
  /// Steps once expecting no row, then resets (for INSERT/UPDATE/DELETE).
  void run();
  /// Resets and clears the bindings.
  void reset();

  bool is_null(int col) const;
  std::int64_t col_int(int col) const;
  double col_double(int col) const;  // NULL reads as NaN
  std::string col_text(int col) const;
  std::span<const unsigned char> col_blob(int col) const;  // valid until the next step/reset

  sqlite3_stmt* handle() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// A write transaction (BEGIN IMMEDIATE, so that it waits for the write lock up front rather than
/// failing halfway). Rolls back on destruction unless commit() was called.
class Tx {
 public:
  explicit Tx(sqlite3* db);
  ~Tx();
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  void commit();

 private:
  sqlite3* db_;
  bool open_ = true;
};

}  // namespace plab::store::sql
