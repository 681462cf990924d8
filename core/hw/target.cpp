#include "core/hw/target.h"

#include <algorithm>

#include "core/util/error.h"

namespace plab::hw {

namespace {

bool valid_kind(const std::string& kind) {
  if (kind.empty()) return false;
  return std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

TargetInfo parse_target_spec(const std::string& spec) {
  TargetInfo t;
  t.id = spec;
  if (spec == "local") {
    t.kind = "local";
    return t;
  }
  const auto colon = spec.find(':');
  if (colon == std::string::npos) {
    throw InputError("target '" + spec +
                     "': expected 'local' or '<kind>:<name>' such as 'simulated:jetson-agx-orin'");
  }
  t.kind = spec.substr(0, colon);
  t.name = spec.substr(colon + 1);
  if (!valid_kind(t.kind)) {
    throw InputError("target '" + spec +
                     "': the kind before ':' must be lower-case letters, digits, '-' or '_'");
  }
  if (t.kind == "local") {
    throw InputError("target '" + spec + "': 'local' takes no name; write just 'local'");
  }
  if (t.name.empty()) {
    throw InputError("target '" + spec + "': expected a name after '" + t.kind + ":'");
  }
  t.simulated = t.kind == "simulated";
  return t;
}

bool target_matches(const std::string& pattern, const std::string& spec) {
  if (!pattern.empty() && pattern.back() == '*') {
    const std::string_view prefix(pattern.data(), pattern.size() - 1);
    return spec.size() >= prefix.size() && std::string_view(spec).substr(0, prefix.size()) == prefix;
  }
  return pattern == spec;
}

}  // namespace plab::hw
