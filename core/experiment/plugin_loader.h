#pragma once
// Finds and loads experiment modules (plugins) with Boost.DLL. A broken plugin is reported with
// its file and the reason and skipped; the others still load.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/experiment/plugin_abi.h"
#include "core/experiment/schema.h"
#include "core/experiment/types.h"

namespace plab {

/// A plugin that could not be loaded: which file, and why.
struct PluginFailure {
  std::filesystem::path file;
  std::string reason;
};

/// One loaded module. Keeps its shared library alive as long as the module object exists.
/// Calls into the plugin never throw: failures come back as PluginStatus.
class LoadedModule {
 public:
  ~LoadedModule();
  LoadedModule(const LoadedModule&) = delete;
  LoadedModule& operator=(const LoadedModule&) = delete;

  const ModuleInfo& info() const { return info_; }
  const ParamSchema& schema() const { return schema_; }
  const std::filesystem::path& file() const { return file_; }
  /// Runs the module; the context must outlive the call.
  PluginStatus run(RunContext& ctx) const;
  bool supports_target(const std::string& spec) const;

 private:
  friend class PluginRegistry;
  struct Library;
  LoadedModule() = default;
  std::shared_ptr<Library> library_;
  PluginModule* module_ = nullptr;
  ModuleInfo info_;
  ParamSchema schema_;
  std::filesystem::path file_;
};

/// The set of modules found in a list of folders.
class PluginRegistry {
 public:
  /// Loads every shared library (*.so) in each folder, in order; a module id seen twice keeps
  /// the first and reports the second. Folders that do not exist are skipped silently.
  void load_from(const std::vector<std::filesystem::path>& dirs);
  /// Loads one file; returns false (and records the failure) when it is not a usable plugin.
  bool load_file(const std::filesystem::path& file);

  const std::vector<std::shared_ptr<LoadedModule>>& modules() const { return modules_; }
  const std::vector<PluginFailure>& failures() const { return failures_; }
  const std::vector<std::filesystem::path>& searched() const { return searched_; }
  /// nullptr when no module has this id.
  std::shared_ptr<LoadedModule> find(const std::string& id) const;
  /// Like find(), but throws InputError listing the known ids.
  std::shared_ptr<LoadedModule> get(const std::string& id) const;

 private:
  std::vector<std::shared_ptr<LoadedModule>> modules_;
  std::vector<PluginFailure> failures_;
  std::vector<std::filesystem::path> searched_;
};

/// Compares dotted versions ("0.1.10" > "0.1.9"); returns <0, 0, >0.
int compare_versions(const std::string& a, const std::string& b);

}  // namespace plab
