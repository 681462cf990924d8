#pragma once
// Finding runs whose writer died (killed, crashed, machine rebooted) and marking them.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace plab::store {

/// Marks every `running` run whose owning process is gone (see owner_liveness) `interrupted`,
/// with ended = its last activity, and returns their ids. Runs whose owner is alive, or whose
/// liveness cannot be judged (no /proc here), are left alone. Runs written on another host count
/// as gone: their boot id differs (SQLite's WAL needs every writer on the same host anyway).
std::vector<std::int64_t> mark_interrupted_runs(sqlite3* db, const std::filesystem::path& proc_root);

}  // namespace plab::store
