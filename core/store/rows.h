#pragma once
// Conversions between the store's rows and its value types, shared by Store and RunWriter.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/store/sqlite_util.h"
#include "core/store/store.h"

namespace plab::store::rows {

/// Unix time in seconds.
double unix_now();

/// The columns read_run() expects, in order, for "SELECT <kRunColumns> FROM runs ...".
inline constexpr const char* kRunColumns =
    "id, module, module_version, target, seed, status, params, created, started, ended, host, pid, error, "
    "progress, message, tags, notes, coalesce(sweep_id, 0), environment";
RunRecord read_run(const sql::Stmt& st);

/// Parses JSON stored in column `what` ("runs.params of run 4"); StoreError if damaged.
nlohmann::json parse_json(const std::string& text, const std::string& what);

/// Binds a parameter value the way run_params stores it: numbers and booleans as numbers,
/// strings as text, null as NULL, arrays and objects as JSON text.
void bind_param_value(sql::Stmt& st, int index, const nlohmann::json& value);

/// A point's metrics as JSON (non-finite values become null) and back (null reads as NaN).
std::string metrics_to_json(const std::map<std::string, double>& metrics);
std::map<std::string, double> metrics_from_json(const std::string& text, const std::string& what);

LogLevel log_level_from_string(const std::string& s);

}  // namespace plab::store::rows
