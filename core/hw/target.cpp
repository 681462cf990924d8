#include "core/hw/target.h"

#include "core/util/error.h"

namespace plab::hw {

TargetInfo parse_target_spec(const std::string& spec) {
  TargetInfo t;
  t.id = spec;
  if (spec.empty()) throw InputError("target: expected \"local\" or \"<kind>:<name>\", got an empty string");
  auto colon = spec.find(':');
  if (colon == std::string::npos) {
    t.kind = spec;
  } else {
    t.kind = spec.substr(0, colon);
    t.name = spec.substr(colon + 1);
    if (t.kind.empty() || t.name.empty())
      throw InputError("target '" + spec + "': expected \"<kind>:<name>\" with both parts non-empty");
  }
  t.simulated = t.kind == "simulated";
  return t;
}

bool target_matches(const std::string& pattern, const std::string& spec) {
  if (!pattern.empty() && pattern.back() == '*')
    return spec.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return pattern == spec;
}

}  // namespace plab::hw
