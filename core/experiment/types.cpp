#include "core/experiment/types.h"

#include <set>

#include "core/util/error.h"

namespace plab {

const char* to_string(Direction d) { return d == Direction::Minimize ? "minimize" : "maximize"; }

Direction direction_from_string(const std::string& s) {
  if (s == "minimize" || s == "min") return Direction::Minimize;
  if (s == "maximize" || s == "max") return Direction::Maximize;
  throw InputError("direction '" + s + "': expected \"minimize\" or \"maximize\"");
}

const char* to_string(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
  }
  return "info";
}

const char* to_string(RunStatus s) {
  switch (s) {
    case RunStatus::Running: return "running";
    case RunStatus::Completed: return "completed";
    case RunStatus::Failed: return "failed";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Interrupted: return "interrupted";
  }
  return "failed";
}

RunStatus run_status_from_string(const std::string& s) {
  for (auto st : {RunStatus::Running, RunStatus::Completed, RunStatus::Failed, RunStatus::Cancelled,
                  RunStatus::Interrupted})
    if (s == to_string(st)) return st;
  throw InputError("status '" + s + "': expected running, completed, failed, cancelled or interrupted");
}

nlohmann::json to_json(const ModuleInfo& info) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : info.metrics)
    metrics.push_back({{"name", m.name}, {"unit", m.unit}, {"direction", to_string(m.direction)},
                       {"description", m.description}});
  return {{"id", info.id},
          {"name", info.name},
          {"version", info.version},
          {"summary", info.summary},
          {"paper",
           {{"title", info.paper.title},
            {"authors", info.paper.authors},
            {"venue", info.paper.venue},
            {"url", info.paper.url}}},
          {"params", info.params},
          {"metrics", metrics},
          {"targets", info.targets},
          {"default_objectives", info.default_objectives},
          {"presets", info.presets}};
}

namespace {

std::string req_string(const nlohmann::json& j, const char* field, const std::string& who) {
  if (!j.contains(field) || !j[field].is_string() || j[field].get<std::string>().empty())
    throw InputError(who + ": field '" + field + "': expected a non-empty string");
  return j[field].get<std::string>();
}

std::string opt_string(const nlohmann::json& j, const char* field, const std::string& who) {
  if (!j.contains(field) || j[field].is_null()) return {};
  if (!j[field].is_string()) throw InputError(who + ": field '" + field + "': expected a string");
  return j[field].get<std::string>();
}

}  // namespace

ModuleInfo module_info_from_json(const nlohmann::json& j, const std::string& who) {
  if (!j.is_object()) throw InputError(who + ": description: expected a JSON object");
  ModuleInfo info;
  info.id = req_string(j, "id", who);
  info.name = req_string(j, "name", who);
  info.version = req_string(j, "version", who);
  info.summary = opt_string(j, "summary", who);
  if (j.contains("paper")) {
    const auto& p = j["paper"];
    if (!p.is_object()) throw InputError(who + ": field 'paper': expected an object");
    info.paper = {opt_string(p, "title", who), opt_string(p, "authors", who), opt_string(p, "venue", who),
                  opt_string(p, "url", who)};
  }
  info.params = j.value("params", nlohmann::json::object());
  if (!info.params.is_object()) throw InputError(who + ": field 'params': expected a JSON Schema object");
  if (j.contains("metrics")) {
    if (!j["metrics"].is_array()) throw InputError(who + ": field 'metrics': expected an array");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < j["metrics"].size(); ++i) {
      const auto& m = j["metrics"][i];
      const std::string where = who + ": metrics[" + std::to_string(i) + "]";
      if (!m.is_object()) throw InputError(where + ": expected an object");
      MetricSpec spec;
      spec.name = req_string(m, "name", where);
      spec.unit = opt_string(m, "unit", where);
      spec.direction = direction_from_string(m.value("direction", std::string("minimize")));
      spec.description = opt_string(m, "description", where);
      if (!seen.insert(spec.name).second) throw InputError(where + ": duplicate metric '" + spec.name + "'");
      info.metrics.push_back(std::move(spec));
    }
  }
  auto string_list = [&](const char* field) {
    std::vector<std::string> out;
    if (!j.contains(field)) return out;
    if (!j[field].is_array()) throw InputError(who + ": field '" + field + "': expected an array of strings");
    for (const auto& s : j[field]) {
      if (!s.is_string()) throw InputError(who + ": field '" + field + "': expected an array of strings");
      out.push_back(s.get<std::string>());
    }
    return out;
  };
  info.targets = string_list("targets");
  info.default_objectives = string_list("default_objectives");
  info.presets = j.value("presets", nlohmann::json::object());
  if (!info.presets.is_object()) throw InputError(who + ": field 'presets': expected an object");
  return info;
}

}  // namespace plab
