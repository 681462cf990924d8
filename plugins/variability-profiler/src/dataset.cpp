#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

std::uint32_t Dataset::device(const std::string& id, const std::string& node, const std::string& label) {
  auto [it, added] = device_index_.try_emplace(id, static_cast<std::uint32_t>(devices.size()));
  if (added) devices.push_back({id, node, label});
  return it->second;
}

std::uint32_t Dataset::application(const std::string& name) {
  auto [it, added] = application_index_.try_emplace(name, static_cast<std::uint32_t>(applications.size()));
  if (added) applications.push_back(name);
  return it->second;
}

}  // namespace plab::variability
