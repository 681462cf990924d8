#pragma once
// Helpers shared by the store tests: a temporary folder per test and a ready-made NewRun.

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/store/store.h"
#include "tests/unit/temp_dir.h"

namespace plab::store::testing {

using plab::test_util::TempDir;

inline NewRun demo_run(const std::string& module = "demo") {
  NewRun r;
  r.module = module;
  r.module_version = "1.2.3";
  r.target = "simulated:jetson-agx-orin";
  r.seed = 42;
  r.params = {{"batch", 32}, {"lr", 0.01}, {"mode", "fast"}, {"warm", true}};
  return r;
}

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Runs SQL on a file through a plain connection of its own (to build fixtures or peek).
inline void raw_exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("raw_exec: " + msg);
}

}  // namespace plab::store::testing
