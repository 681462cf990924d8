#include "core/util/paths.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>

#include "core/build_config.h"

namespace plab {
namespace fs = std::filesystem;

namespace {
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}
}  // namespace

fs::path default_db_path() {
  if (const char* xdg = env("XDG_DATA_HOME")) return fs::path(xdg) / "paretolab" / "runs.sqlite";
  if (const char* home = env("HOME")) return fs::path(home) / ".local" / "share" / "paretolab" / "runs.sqlite";
  return fs::current_path() / "runs.sqlite";
}

std::vector<fs::path> plugin_search_path() {
  std::vector<fs::path> dirs;
  if (const char* extra = env("PARETOLAB_PLUGIN_PATH")) {
    std::stringstream ss(extra);
    std::string item;
    while (std::getline(ss, item, ':'))
      if (!item.empty()) dirs.emplace_back(item);
  }
  dirs.emplace_back(build::kBuildPluginDir);
  dirs.emplace_back(build::kInstallPluginDir);
  // One folder named twice (PARETOLAB_PLUGIN_PATH set to the build folder, a symbolic link to it)
  // would load every plugin twice and warn of duplicate module ids: keep its first appearance only.
  std::vector<fs::path> unique;
  std::vector<fs::path> seen;
  for (auto& d : dirs) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(d, ec);
    if (ec) key = d.lexically_normal();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    unique.push_back(std::move(d));
  }
  return unique;
}

fs::path shared_data_dir() {
  if (const char* d = env("PARETOLAB_SHARED_DATA")) return d;
  fs::path guess = fs::path(build::kSourceDataDir).parent_path().parent_path() / "shared" / "data";
  std::error_code ec;
  return fs::is_directory(guess, ec) ? guess.lexically_normal() : fs::path();
}

}  // namespace plab
