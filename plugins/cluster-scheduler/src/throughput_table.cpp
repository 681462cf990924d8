#include "plugins/cluster-scheduler/src/throughput_table.h"

#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace plab::cluster {

JobTypeName parse_job_type(const std::string& name) {
  static const std::regex re(R"(^(.*\S)\s*\(batch size (\d+)\)\s*$)");
  std::smatch m;
  JobTypeName out;
  out.full = name;
  if (std::regex_match(name, m, re)) {
    out.family = m[1];
    out.batch_size = std::stoi(m[2]);
  } else {
    out.family = name;
  }
  return out;
}

ThroughputTable ThroughputTable::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot open the throughput table");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw InputError(file.string() + ": not a JSON object; expected Gavel's throughput schema "
                     "{gpu_type: {\"('<job type>', <scale factor>)\": {\"null\": steps/s}}}");
  }
  static const std::regex key_re(R"(^\('(.+)',\s*(\d+)\)$)");
  ThroughputTable t;
  t.source_ = file.string();
  for (const auto& [gpu, jobs] : j.items()) {
    if (!jobs.is_object()) throw InputError(file.string() + ": entry '" + gpu + "' is not an object");
    for (const auto& [key, val] : jobs.items()) {
      std::smatch m;
      if (!std::regex_match(key, m, key_re)) {
        throw InputError(file.string() + ": " + gpu + ": key \"" + key +
                         "\" is not of the form \"('<job type>', <scale factor>)\"");
      }
      if (!val.is_object() || !val.contains("null") || !val["null"].is_number()) {
        throw InputError(file.string() + ": " + gpu + ": \"" + key + "\" has no numeric \"null\" (isolated) entry");
      }
      t.table_[gpu][m[1]][std::stoi(m[2])] = val["null"].get<double>();
    }
  }
  if (t.table_.empty()) throw InputError(file.string() + ": no GPU types in the throughput table");
  return t;
}

void ThroughputTable::set(const std::string& gpu_type, const std::string& job_type, int sf, double v) {
  table_[gpu_type][job_type][sf] = v;
}

std::optional<double> ThroughputTable::steps_per_s(const std::string& gpu, const std::string& job, int sf) const {
  const auto g = table_.find(gpu);
  if (g == table_.end()) return std::nullopt;
  const auto jt = g->second.find(job);
  if (jt == g->second.end()) return std::nullopt;
  const auto s = jt->second.find(sf);
  if (s != jt->second.end()) return s->second > 0 ? std::optional<double>(s->second) : std::nullopt;
  const auto one = jt->second.find(1);
  if (one != jt->second.end() && one->second > 0) return one->second * sf;
  return std::nullopt;
}

std::vector<std::string> ThroughputTable::gpu_types() const {
  std::vector<std::string> out;
  for (const auto& [g, _] : table_) out.push_back(g);
  return out;
}

std::vector<std::string> ThroughputTable::job_types(const std::vector<std::string>& gpus) const {
  std::vector<std::string> out;
  if (gpus.empty() || !table_.count(gpus[0])) return out;
  for (const auto& [job, _] : table_.at(gpus[0])) {
    bool ok = true;
    for (const auto& g : gpus) ok = ok && steps_per_s(g, job, 1).has_value();
    if (ok) out.push_back(job);
  }
  return out;
}

std::vector<int> ThroughputTable::batch_sizes(const std::string& family, int sf,
                                              const std::vector<std::string>& gpus) const {
  std::set<int> out;
  if (gpus.empty() || !table_.count(gpus[0])) return {};
  for (const auto& [job, _] : table_.at(gpus[0])) {
    const JobTypeName n = parse_job_type(job);
    if (n.family != family || n.batch_size == 0) continue;
    bool ok = true;
    for (const auto& g : gpus) ok = ok && steps_per_s(g, job, sf).has_value();
    if (ok) out.insert(n.batch_size);
  }
  return {out.begin(), out.end()};
}

}  // namespace plab::cluster
