#include "core/store/rows.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace plab::store::rows {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

nlohmann::json parse_json(const std::string& text, const std::string& what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(what + ": damaged JSON in the store: " + e.what());
  }
}

RunRecord read_run(const sql::Stmt& st) {
  RunRecord r;
  r.id = st.col_int(0);
  const std::string who = "run " + std::to_string(r.id);
  r.module = st.col_text(1);
  r.module_version = st.col_text(2);
  r.target = st.col_text(3);
  r.seed = static_cast<std::uint64_t>(st.col_int(4));
  try {
    r.status = run_status_from_string(st.col_text(5));
  } catch (const InputError& e) {
    throw StoreError(who + ": " + e.what());
  }
  r.params = parse_json(st.col_text(6), who + " params");
  r.created = st.col_double(7);
  r.started = st.col_double(8);
  r.ended = st.col_double(9);
  r.host = st.col_text(10);
  r.pid = st.col_int(11);
  r.error = st.col_text(12);
  r.progress = st.col_double(13);
  r.message = st.col_text(14);
  auto tags = parse_json(st.col_text(15), who + " tags");
  for (const auto& t : tags)
    if (t.is_string()) r.tags.push_back(t.get<std::string>());
  r.notes = st.col_text(16);
  r.sweep_id = st.col_int(17);
  r.environment = parse_json(st.col_text(18), who + " environment");
  return r;
}

void bind_param_value(sql::Stmt& st, int index, const nlohmann::json& value) {
  if (value.is_boolean())
    st.bind_int(index, value.get<bool>() ? 1 : 0);
  else if (value.is_number_integer() && !value.is_number_unsigned())
    st.bind_int(index, value.get<std::int64_t>());
  else if (value.is_number_unsigned() && value.get<std::uint64_t>() <= std::uint64_t(INT64_MAX))
    st.bind_int(index, static_cast<std::int64_t>(value.get<std::uint64_t>()));
  else if (value.is_number())
    st.bind_double(index, value.get<double>());
  else if (value.is_string())
    st.bind_text(index, value.get_ref<const std::string&>());
  else if (value.is_null())
    st.bind_null(index);
  else
    st.bind_text(index, value.dump());
}

std::string metrics_to_json(const std::map<std::string, double>& metrics) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, v] : metrics) j[name] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
  return j.dump();
}

std::map<std::string, double> metrics_from_json(const std::string& text, const std::string& what) {
  std::map<std::string, double> out;
  auto j = parse_json(text, what);
  if (!j.is_object()) throw StoreError(what + ": damaged metrics in the store: expected a JSON object");
  for (const auto& [name, v] : j.items())
    out[name] = v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
  return out;
}

LogLevel log_level_from_string(const std::string& s) {
  for (auto l : {LogLevel::Debug, LogLevel::Info, LogLevel::Warning, LogLevel::Error})
    if (s == to_string(l)) return l;
  return LogLevel::Info;
}

}  // namespace plab::store::rows
