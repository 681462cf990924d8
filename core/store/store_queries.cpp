// Store: queries over runs and what they reported (everything but traces). Lists load in bulk:
// one statement per call, whatever the number of runs.
#include <functional>

#include "core/store/rows.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"
#include "core/util/error.h"

namespace plab::store {
namespace {

// The ids of a bulk query, bound as one JSON array and expanded by json_each.
std::string id_array(std::span<const std::int64_t> ids) {
  std::string s = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(ids[i]);
  }
  return s + "]";
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::vector<RunRecord> Store::list_runs(const RunFilter& filter) const {
  std::string sql = std::string("SELECT ") + rows::kRunColumns + " FROM runs WHERE 1";
  std::vector<std::function<void(sql::Stmt&, int)>> binds;
  auto add = [&](const std::string& clause, std::function<void(sql::Stmt&, int)> bind) {
    sql += " AND " + clause;
    binds.push_back(std::move(bind));
  };
  auto placeholder = [&] {
    std::string p(1, '?');
    p += std::to_string(binds.size() + 1);
    return p;
  };
  if (!filter.module.empty())
    add("module = " + placeholder(), [&](sql::Stmt& st, int i) { st.bind_text(i, filter.module); });
  if (!filter.status.empty()) {
    run_status_from_string(filter.status);  // InputError naming the accepted values
    add("status = " + placeholder(), [&](sql::Stmt& st, int i) { st.bind_text(i, filter.status); });
  }
  if (filter.sweep_id != 0)
    add("sweep_id = " + placeholder(), [&](sql::Stmt& st, int i) { st.bind_int(i, filter.sweep_id); });
  const std::string text = lower_ascii(filter.text);
  if (!text.empty()) {
    const std::string q = placeholder();
    std::string any;
    for (const char* col : {"module", "target", "tags", "notes", "error", "params"})
      any += std::string(any.empty() ? "" : " OR ") + "instr(lower(" + col + "), " + q + ") > 0";
    add("(" + any + ")", [&text](sql::Stmt& st, int i) { st.bind_text(i, text); });
  }
  if (!filter.params.is_null() && !filter.params.is_object())
    throw InputError("list_runs: filter 'params': expected a JSON object of name -> value");
  if (filter.params.is_object()) {
    for (const auto& [name, value] : filter.params.items()) {
      const std::string n = placeholder();
      binds.push_back([name = name](sql::Stmt& st, int i) { st.bind_text(i, name); });
      const std::string v = placeholder();
      add("EXISTS (SELECT 1 FROM run_params p WHERE p.run_id = runs.id AND p.name = " + n +
              " AND p.value = " + v + ")",
          [value = value](sql::Stmt& st, int i) { rows::bind_param_value(st, i, value); });
    }
  }
  sql += " ORDER BY id DESC";
  if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);

  sql::Stmt st(db_, sql);
  for (std::size_t i = 0; i < binds.size(); ++i) binds[i](st, static_cast<int>(i + 1));
  std::vector<RunRecord> out;
  while (st.step()) out.push_back(rows::read_run(st));
  return out;
}

std::optional<RunRecord> Store::run(std::int64_t id) const {
  sql::Stmt st(db_, std::string("SELECT ") + rows::kRunColumns + " FROM runs WHERE id = ?1");
  st.bind_int(1, id);
  if (!st.step()) return std::nullopt;
  RunRecord r = rows::read_run(st);
  st.reset();
  return r;
}

std::vector<MetricRow> Store::metrics(std::int64_t run_id) const {
  sql::Stmt st(db_, "SELECT name, value FROM metrics WHERE run_id = ?1 ORDER BY name");
  st.bind_int(1, run_id);
  std::vector<MetricRow> out;
  while (st.step()) out.push_back({st.col_text(0), st.col_double(1)});
  return out;
}

std::map<std::int64_t, std::map<std::string, double>> Store::metrics_for(
    std::span<const std::int64_t> run_ids) const {
  sql::Stmt st(db_,
               "SELECT run_id, name, value FROM metrics WHERE run_id IN (SELECT value FROM json_each(?1))");
  st.bind_text(1, id_array(run_ids));
  std::map<std::int64_t, std::map<std::string, double>> out;
  while (st.step()) out[st.col_int(0)][st.col_text(1)] = st.col_double(2);
  return out;
}

namespace {

constexpr const char* kPointColumns = "run_id, seq, t, config, metrics, feasible, label";

PointRow read_point(const sql::Stmt& st) {
  PointRow p;
  p.run_id = st.col_int(0);
  p.seq = st.col_int(1);
  p.t = st.col_double(2);
  const std::string who = "run " + std::to_string(p.run_id) + " point " + std::to_string(p.seq);
  p.point.config = rows::parse_json(st.col_text(3), who + " config");
  p.point.metrics = rows::metrics_from_json(st.col_text(4), who + " metrics");
  p.point.feasible = st.col_int(5) != 0;
  p.point.label = st.col_text(6);
  return p;
}

}  // namespace

std::vector<PointRow> Store::points(std::int64_t run_id) const {
  sql::Stmt st(db_, std::string("SELECT ") + kPointColumns + " FROM points WHERE run_id = ?1 ORDER BY seq");
  st.bind_int(1, run_id);
  std::vector<PointRow> out;
  while (st.step()) out.push_back(read_point(st));
  return out;
}

std::vector<PointRow> Store::points_for(std::span<const std::int64_t> run_ids) const {
  sql::Stmt st(db_,
               std::string("SELECT ") + kPointColumns +
                   " FROM points WHERE run_id IN (SELECT value FROM json_each(?1)) ORDER BY run_id, seq");
  st.bind_text(1, id_array(run_ids));
  std::vector<PointRow> out;
  while (st.step()) out.push_back(read_point(st));
  return out;
}

std::vector<ArtifactRow> Store::artifacts(std::int64_t run_id) const {
  sql::Stmt st(db_, "SELECT id, name, mime, size FROM artifacts WHERE run_id = ?1 ORDER BY id");
  st.bind_int(1, run_id);
  std::vector<ArtifactRow> out;
  while (st.step()) out.push_back({st.col_int(0), st.col_text(1), st.col_text(2), st.col_int(3)});
  return out;
}

std::vector<unsigned char> Store::artifact_data(std::int64_t artifact_id) const {
  sql::Stmt st(db_, "SELECT data FROM artifacts WHERE id = ?1");
  st.bind_int(1, artifact_id);
  if (!st.step()) throw StoreError(path_.string() + ": no artifact " + std::to_string(artifact_id));
  auto blob = st.col_blob(0);
  std::vector<unsigned char> out(blob.begin(), blob.end());
  st.reset();
  return out;
}

std::vector<LogRow> Store::logs(std::int64_t run_id) const {
  sql::Stmt st(db_, "SELECT t, level, message FROM logs WHERE run_id = ?1 ORDER BY id");
  st.bind_int(1, run_id);
  std::vector<LogRow> out;
  while (st.step())
    out.push_back({st.col_double(0), rows::log_level_from_string(st.col_text(1)), st.col_text(2)});
  return out;
}

std::vector<ErrorRow> Store::errors(std::int64_t run_id) const {
  sql::Stmt st(db_, "SELECT t, source, message FROM errors WHERE run_id = ?1 ORDER BY id");
  st.bind_int(1, run_id);
  std::vector<ErrorRow> out;
  while (st.step()) out.push_back({st.col_double(0), st.col_text(1), st.col_text(2)});
  return out;
}

}  // namespace plab::store
