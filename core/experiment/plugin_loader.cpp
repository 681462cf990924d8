#include "core/experiment/plugin_loader.h"

#include <algorithm>
#include <sstream>

#include <boost/dll/shared_library.hpp>

#include "core/build_config.h"
#include "core/hw/target.h"
#include "core/util/error.h"

namespace plab {
namespace fs = std::filesystem;

struct LoadedModule::Library {
  boost::dll::shared_library lib;
};

LoadedModule::~LoadedModule() {
  delete module_;  // destroyed by the plugin's own code before the library is unloaded
  module_ = nullptr;
}

PluginStatus LoadedModule::run(RunContext& ctx) const { return module_->run(ctx); }

bool LoadedModule::supports_target(const std::string& spec) const {
  return std::any_of(info_.targets.begin(), info_.targets.end(),
                     [&](const std::string& pattern) { return hw::target_matches(pattern, spec); });
}

int compare_versions(const std::string& a, const std::string& b) {
  std::stringstream sa(a), sb(b);
  std::string pa, pb;
  while (true) {
    bool ha = static_cast<bool>(std::getline(sa, pa, '.'));
    bool hb = static_cast<bool>(std::getline(sb, pb, '.'));
    if (!ha && !hb) return 0;
    long va = ha ? std::strtol(pa.c_str(), nullptr, 10) : 0;
    long vb = hb ? std::strtol(pb.c_str(), nullptr, 10) : 0;
    if (va != vb) return va < vb ? -1 : 1;
  }
}

void PluginRegistry::load_from(const std::vector<fs::path>& dirs) {
  for (const auto& dir : dirs) {
    searched_.push_back(dir);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so" && !entry.is_directory(ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_file(f);
  }
}

std::shared_ptr<LoadedModule> PluginRegistry::find(const std::string& id) const {
  for (const auto& m : modules_)
    if (m->info().id == id) return m;
  return nullptr;
}

std::shared_ptr<LoadedModule> PluginRegistry::get(const std::string& id) const {
  if (auto m = find(id)) return m;
  std::string known;
  for (const auto& m : modules_) known += (known.empty() ? "" : ", ") + m->info().id;
  throw InputError("module '" + id + "': not found (known: " + (known.empty() ? "none" : known) + ")");
}

namespace {

nlohmann::json parse_manifest(const char* text) {
  if (!text) throw InputError("manifest is a null pointer");
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw InputError("manifest is not a JSON object");
  for (const char* field : {"id", "name", "version"})
    if (!j.contains(field) || !j[field].is_string()) throw InputError(std::string("manifest field '") + field + "': expected a string");
  return j;
}

}  // namespace

bool PluginRegistry::load_file(const fs::path& file) {
  auto fail = [&](const std::string& reason) {
    failures_.push_back({file, reason});
    return false;
  };
  auto library = std::make_shared<LoadedModule::Library>();
  try {
    library->lib.load(file.string(), boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return fail(std::string("not a loadable shared library: ") + e.what());
  }
  auto& lib = library->lib;
  // The ABI version is read first; nothing else is trusted until it matches.
  if (!lib.has("paretolab_abi_version"))
    return fail("missing symbol 'paretolab_abi_version' (not a ParetoLab plugin)");
  const std::uint32_t abi = lib.get<const std::uint32_t>("paretolab_abi_version");
  if (abi != kAbiVersion)
    return fail("ABI version " + std::to_string(abi) + ", this ParetoLab needs " + std::to_string(kAbiVersion));
  if (!lib.has("paretolab_manifest")) return fail("missing symbol 'paretolab_manifest'");
  nlohmann::json manifest;
  try {
    manifest = parse_manifest(lib.get<const char* const>("paretolab_manifest"));
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  const std::string min_core = manifest.value("min_core_version", "0");
  if (compare_versions(min_core, build::kVersion) > 0)
    return fail("needs ParetoLab core " + min_core + " or newer, this is " + build::kVersion);
  const std::string id = manifest["id"].get<std::string>();
  if (auto existing = find(id))
    return fail("duplicate module id '" + id + "' (already loaded from " + existing->file().string() + ")");
  if (!lib.has("paretolab_create_module")) return fail("missing entry point 'paretolab_create_module'");

  auto create = lib.get<CreateModuleFn>("paretolab_create_module");
  char error[512] = {0};
  PluginModule* raw = create(error, sizeof error);
  if (!raw) return fail(std::string("creating the module failed: ") + (error[0] ? error : "no reason given"));
  std::shared_ptr<LoadedModule> loaded(new LoadedModule());
  loaded->library_ = library;
  loaded->module_ = raw;
  loaded->file_ = file;
  const std::string who = "plugin " + file.filename().string();
  std::string description;
  PluginStatus st = raw->describe(description);
  if (!st.ok()) return fail(st.message);
  try {
    auto j = nlohmann::json::parse(description);
    loaded->info_ = module_info_from_json(j, who);
    loaded->schema_ = ParamSchema::from_json(loaded->info_.params, who);
  } catch (const std::exception& e) {
    return fail(std::string("bad self-description: ") + e.what());
  }
  if (loaded->info_.id != id)
    return fail("describes itself as '" + loaded->info_.id + "' but its manifest says '" + id + "'");
  modules_.push_back(std::move(loaded));
  return true;
}

}  // namespace plab
