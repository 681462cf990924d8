#pragma once
// Shared plumbing of paretolab-cli: parsed arguments, command registry, output helpers.

#include <atomic>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/experiment/plugin_loader.h"
#include "core/store/store.h"

namespace plab::cli {

/// Command-line arguments after the command name: options (repeatable) and positionals.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> options;  // "--set a=1 --set b=2" -> set: [a=1, b=2]
  bool flag(const std::string& name) const { return options.count(name) > 0; }
  /// The last value of an option, or `fallback`.
  std::string value(const std::string& name, const std::string& fallback = {}) const;
  const std::vector<std::string>& values(const std::string& name) const;
};

/// Parses argv[first..]; boolean flags are those in `flags`. Throws InputError on a missing value.
Args parse_args(int argc, char** argv, int first);

/// What every command gets.
struct Cli {
  Cli(std::ostream& o, std::ostream& e, std::atomic<bool>* c) : out(o), err(e), cancel(c) {}
  Args args;
  bool json = false;
  std::filesystem::path db;
  std::ostream& out;
  std::ostream& err;
  std::atomic<bool>* cancel;

  /// Loads the plugins from the search path (cached).
  const PluginRegistry& registry();
  std::unique_ptr<store::Store> open_store() const;
  void print_json(const nlohmann::json& j) const;

 private:
  std::unique_ptr<PluginRegistry> registry_;
};

/// Exit codes of the CLI contract (DESIGN.md).
enum Exit { kOk = 0, kGeneric = 1, kBadInput = 2, kRunFailed = 3, kCancelled = 130 };

struct Command {
  std::string name;
  std::string usage;
  std::string summary;
  std::function<int(Cli&)> run;
};

/// Commands register themselves from their own source file with a static CommandRegistrar.
std::vector<Command>& commands();
struct CommandRegistrar {
  explicit CommandRegistrar(Command c) { commands().push_back(std::move(c)); }
};

/// Parameters from --config FILE and --set key=value (in that order), not yet validated.
nlohmann::json gather_params(Cli& cli, const LoadedModule& module);

/// Formats seconds, numbers and tables for humans.
std::string fmt(double v);
std::string fmt_time(double unix_seconds);
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

}  // namespace plab::cli
