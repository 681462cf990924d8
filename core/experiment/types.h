#pragma once
// Plain value types of the module contract: what a module says about itself and what it reports.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace plab {

/// Whether smaller or larger values of a metric are better.
enum class Direction { Minimize, Maximize };

const char* to_string(Direction d);
Direction direction_from_string(const std::string& s);  // "minimize" | "maximize"; throws InputError

/// A metric a module reports: name, unit ("J", "ms", "" for unitless) and direction.
struct MetricSpec {
  std::string name;
  std::string unit;
  Direction direction = Direction::Minimize;
  std::string description;
};

/// The paper a module follows.
struct PaperRef {
  std::string title;
  std::string authors;
  std::string venue;
  std::string url;  // arXiv or DOI address
};

/// Everything a module says about itself (DESIGN.md, "The module contract").
struct ModuleInfo {
  std::string id;       // e.g. "energy-tuner"; unique among loaded modules
  std::string name;     // human-readable
  std::string version;  // semver of the module
  std::string summary;  // one or two sentences
  PaperRef paper;
  nlohmann::json params = nlohmann::json::object();  // JSON Schema subset, see ParamSchema
  std::vector<MetricSpec> metrics;
  std::vector<std::string> targets;  // patterns: "local", "simulated:*", "simulated:jetson-*", "csv:*"
  std::vector<std::string> default_objectives;  // two metric names the Pareto view starts with
  nlohmann::json presets = nlohmann::json::object();  // name -> parameter object
};

nlohmann::json to_json(const ModuleInfo& info);
/// Parses and checks a module's self-description; `who` names the plugin in error messages.
ModuleInfo module_info_from_json(const nlohmann::json& j, const std::string& who);

/// One evaluated configuration: what was tried, what it measured, whether constraints held.
struct Point {
  nlohmann::json config = nlohmann::json::object();
  std::map<std::string, double> metrics;
  bool feasible = true;
  std::string label;  // optional: "default", "exhaustive optimum", ...
};

enum class LogLevel { Debug, Info, Warning, Error };
const char* to_string(LogLevel level);

/// How a run ended (or that it has not yet).
enum class RunStatus { Running, Completed, Failed, Cancelled, Interrupted };
const char* to_string(RunStatus s);
RunStatus run_status_from_string(const std::string& s);  // throws InputError

}  // namespace plab
