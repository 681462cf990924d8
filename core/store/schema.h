#pragma once
// The store's schema: which version this build knows, how a file is recognised as a ParetoLab
// store, and the forward migrations that bring an older file up to date.

#include <sqlite3.h>

namespace plab::store::schema {

/// PRAGMA application_id of every ParetoLab store ("PLab").
inline constexpr int kApplicationId = 0x504C6162;

/// The newest schema version this build can read and write.
int latest_version();

/// Checks that the connection's file is empty or a ParetoLab store no newer than this build,
/// then switches on WAL, synchronous=NORMAL and foreign keys, and applies the missing
/// migrations, each in its own transaction. Refusals (not SQLite, a foreign database, a newer
/// version) throw StoreError before anything is written, so the file is left untouched.
void prepare(sqlite3* db);

/// Per-connection settings every connection of the store uses (synchronous, foreign keys).
void configure_connection(sqlite3* db);

}  // namespace plab::store::schema
