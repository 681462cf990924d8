#pragma once
// A hardware target as a module sees it: which machine (simulated or this one) a run is aimed at.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace plab::hw {

/// The resolved target of a run. Specs look like "local", "simulated:<device>" or another
/// "<kind>:<name>" a module understands (for example "csv:/path/to/measurements.csv").
struct TargetInfo {
  std::string id;    // the full spec, as stored with the run: "simulated:jetson-agx-orin"
  std::string kind;  // "local", "simulated", or the prefix before ':'
  std::string name;  // the part after ':' ("" for local)
  bool simulated = false;
  std::filesystem::path source;  // simulated: the device model file it was read from
  nlohmann::json model;          // simulated: the validated device model; local: the probe report
};

/// Splits "kind:name" (or "local") into a TargetInfo without loading anything.
TargetInfo parse_target_spec(const std::string& spec);

/// True when `spec` ("simulated:jetson-agx-orin") matches `pattern` ("simulated:*", "local").
bool target_matches(const std::string& pattern, const std::string& spec);

}  // namespace plab::hw
