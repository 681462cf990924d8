#include "plugins/variability-profiler/src/cluster_preset.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "core/build_config.h"
#include "core/util/error.h"

namespace plab::variability {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Reader {
  std::string file;
  const json& sources;

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError(file + ": field '" + field + "': " + what);
  }
  const json& at(const json& j, const std::string& key, const std::string& path) const {
    if (!j.is_object() || !j.contains(key)) fail(path, "missing");
    return j[key];
  }
  std::string str(const json& j, const std::string& key, const std::string& path) const {
    const json& v = at(j, key, path);
    if (!v.is_string() || v.get<std::string>().empty()) fail(path, "expected a non-empty string");
    return v.get<std::string>();
  }
  double num(const json& j, const std::string& key, const std::string& path, double lo, double hi) const {
    const json& v = at(j, key, path);
    if (!v.is_number()) fail(path, "expected a number");
    const double d = v.get<double>();
    if (!(d >= lo && d <= hi))
      fail(path, "is " + v.dump() + "; expected " + std::to_string(lo) + " .. " + std::to_string(hi));
    return d;
  }
  bool flag(const json& j, const std::string& key, const std::string& path) const {
    const json& v = at(j, key, path);
    if (!v.is_boolean()) fail(path, "expected true or false");
    return v.get<bool>();
  }
};

// True if `path` (a.b.c) matches `pattern` where '*' matches one segment.
bool path_matches(const std::string& pattern, const std::string& path) {
  std::size_t i = 0, j = 0;
  while (i < pattern.size() && j < path.size()) {
    const std::size_t pe = pattern.find('.', i), qe = path.find('.', j);
    const std::string ps = pattern.substr(i, pe == std::string::npos ? std::string::npos : pe - i);
    const std::string qs = path.substr(j, qe == std::string::npos ? std::string::npos : qe - j);
    if (ps != "*" && ps != qs) return false;
    if ((pe == std::string::npos) != (qe == std::string::npos)) return false;
    if (pe == std::string::npos) return true;
    i = pe + 1;
    j = qe + 1;
  }
  return false;
}

// Every number in the file must have a source.
void check_sources(const json& j, const std::string& path, const json& sources, const std::string& file) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (path.empty() && it.key() == "sources") continue;
      check_sources(it.value(), path.empty() ? it.key() : path + "." + it.key(), sources, file);
    }
  } else if (j.is_number()) {
    for (auto it = sources.begin(); it != sources.end(); ++it)
      if (path_matches(it.key(), path)) {
        if (!it.value().is_string() || it.value().get<std::string>().empty())
          throw InputError(file + ": sources entry '" + it.key() + "': expected a non-empty citation string");
        return;
      }
    throw InputError(file + ": field '" + path +
                     "': no entry in \"sources\" cites where this number comes from");
  }
}

}  // namespace

const AppModel* ClusterPreset::app(const std::string& n) const {
  for (const auto& a : apps)
    if (a.name == n) return &a;
  return nullptr;
}

ClusterPreset load_cluster_preset(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot open the cluster preset");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw InputError(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw InputError(file.string() + ": expected a JSON object");
  if (!j.contains("sources") || !j["sources"].is_object())
    throw InputError(file.string() +
                     ": field 'sources': missing; expected an object citing a source per number");
  const Reader r{file.string(), j["sources"]};
  if (r.str(j, "schema", "schema") != "paretolab.variability-cluster/1")
    r.fail("schema", "expected \"paretolab.variability-cluster/1\"");
  check_sources(j, "", j["sources"], file.string());

  ClusterPreset p;
  p.file = file;
  p.json = j;
  p.id = r.str(j, "id", "id");
  p.name = r.str(j, "name", "name");
  p.site = r.str(j, "site", "site");
  p.cooling = r.str(j, "cooling", "cooling");
  p.node_naming = j.value("node_naming", std::string("plain"));
  if (p.node_naming != "plain" && p.node_naming != "summit" && p.node_naming != "tacc")
    r.fail("node_naming", "expected plain, summit or tacc");
  const json& gpu = r.at(j, "gpu", "gpu");
  p.gpu_model = r.str(gpu, "model", "gpu.model");
  p.vendor = r.str(gpu, "vendor", "gpu.vendor");
  p.max_sm_clock_mhz = r.num(gpu, "max_sm_clock_mhz", "gpu.max_sm_clock_mhz", 100, 10000);
  p.power_cap_w = r.num(gpu, "power_cap_w", "gpu.power_cap_w", 10, 2000);
  p.nodes = static_cast<int>(r.num(j, "nodes", "nodes", 1, 1e6));
  p.gpus_per_node = static_cast<int>(r.num(j, "gpus_per_node", "gpus_per_node", 1, 64));
  p.nodes_per_cabinet = static_cast<int>(r.num(j, "nodes_per_cabinet", "nodes_per_cabinet", 1, 1e4));
  p.cross_app_correlation = r.num(j, "cross_app_correlation", "cross_app_correlation", 0, 1);
  const json& out = r.at(j, "outliers", "outliers");
  p.outlier_fraction = r.num(out, "fraction", "outliers.fraction", 0, 0.5);
  p.outlier_slowdown_min = r.num(out, "slowdown_min", "outliers.slowdown_min", 1, 10);
  p.outlier_slowdown_max = r.num(out, "slowdown_max", "outliers.slowdown_max", p.outlier_slowdown_min, 10);

  const json& apps = r.at(j, "applications", "applications");
  if (!apps.is_object() || apps.empty())
    r.fail("applications", "expected an object with at least one application");
  for (auto it = apps.begin(); it != apps.end(); ++it) {
    const std::string base = "applications." + it.key();
    const json& a = it.value();
    AppModel m;
    m.name = it.key();
    m.kind = r.str(a, "kind", base + ".kind");
    if (m.kind != "compute" && m.kind != "memory")
      r.fail(base + ".kind", "expected \"compute\" or \"memory\"");
    m.variation_pct = r.num(a, "variation_pct", base + ".variation_pct", 0, 200);
    m.freq_share = r.num(a, "freq_share", base + ".freq_share", 0, 1);
    m.run_cv = r.num(a, "run_cv", base + ".run_cv", 0, 0.5);
    m.median_duration_s = r.num(a, "median_duration_s", base + ".median_duration_s", 1e-9, 1e6);
    m.median_sm_clock_mhz =
        r.num(a, "median_sm_clock_mhz", base + ".median_sm_clock_mhz", 1, p.max_sm_clock_mhz);
    m.median_power_w = r.num(a, "median_power_w", base + ".median_power_w", 1, p.power_cap_w);
    m.power_sd_w = r.num(a, "power_sd_w", base + ".power_sd_w", 0, 1000);
    m.power_capped = r.flag(a, "power_capped", base + ".power_capped");
    m.median_temperature_c = r.num(a, "median_temperature_c", base + ".median_temperature_c", -50, 150);
    m.temperature_sd_c = r.num(a, "temperature_sd_c", base + ".temperature_sd_c", 0, 100);
    p.apps.push_back(m);
  }
  return p;
}

std::vector<fs::path> preset_dirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("PARETOLAB_DATA_DIR"); env && *env)
    dirs.push_back(fs::path(env) / "clusters");
  dirs.push_back(fs::path(build::kSourceDataDir) / "clusters");
  dirs.push_back(fs::path(build::kInstallDataDir) / "clusters");
  return dirs;
}

std::vector<std::string> list_cluster_presets(const std::vector<fs::path>& dirs) {
  std::set<std::string> ids;
  for (const auto& d : dirs) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(d, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".json") ids.insert(it->path().stem().string());
  }
  return {ids.begin(), ids.end()};
}

ClusterPreset find_cluster_preset(const std::string& id, const std::vector<fs::path>& dirs) {
  if (id.empty() || id.find_first_of("/\\") != std::string::npos || id.find("..") != std::string::npos)
    throw InputError("cluster preset '" + id + "': expected a preset name such as summit");
  for (const auto& d : dirs) {
    const fs::path f = d / (id + ".json");
    if (fs::exists(f)) return load_cluster_preset(f);
  }
  std::string avail;
  for (const auto& s : list_cluster_presets(dirs)) avail += (avail.empty() ? "" : ", ") + s;
  throw InputError("cluster preset '" + id + "' not found; available: " + (avail.empty() ? "(none)" : avail));
}

}  // namespace plab::variability
