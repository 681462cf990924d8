#include "core/hw/probe_nvml.h"

namespace plab::hw {

namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Stores a query's value, or its reason under `field` when it failed.
template <class T, class Q>
void take(std::optional<T>& slot, const std::string& field, std::map<std::string, std::string>& unavailable,
          Q query) {
  std::string why;
  slot = query(&why);
  if (!slot) unavailable[field] = why;
}

NvmlGpu read_gpu(const Nvml& n, unsigned i) {
  NvmlGpu g;
  g.index = i;
  auto& u = g.unavailable;
  take(g.name, "name", u, [&](std::string* w) { return n.name(i, w); });
  take(g.uuid, "uuid", u, [&](std::string* w) { return n.uuid(i, w); });
  take(g.sm_clock_mhz, "sm_clock_mhz", u, [&](std::string* w) { return n.sm_clock_mhz(i, w); });
  take(g.memory_clock_mhz, "memory_clock_mhz", u, [&](std::string* w) { return n.memory_clock_mhz(i, w); });
  take(g.temperature_c, "temperature_c", u, [&](std::string* w) { return n.temperature_c(i, w); });
  take(g.power_w, "power_w", u, [&](std::string* w) { return n.power_w(i, w); });
  take(g.power_limit_w, "power_limit_w", u, [&](std::string* w) { return n.power_limit_w(i, w); });
  take(g.total_energy_j, "total_energy_j", u, [&](std::string* w) { return n.total_energy_j(i, w); });
  std::string why;
  if (const auto range = n.power_limit_range_w(i, &why)) {
    g.power_limit_min_w = range->first;
    g.power_limit_max_w = range->second;
  } else {
    u["power_limit_range_w"] = why;
  }
  return g;
}

}  // namespace

nlohmann::json NvmlReport::to_json() const {
  nlohmann::json j = {{"library", library}, {"available", available}, {"missing_symbols", missing_symbols}};
  if (!reason.empty()) j["reason"] = reason;
  j["driver_version"] = or_null(driver_version);
  j["gpus"] = nlohmann::json::array();
  for (const auto& g : gpus) {
    nlohmann::json e = {{"index", g.index},
                        {"name", or_null(g.name)},
                        {"uuid", or_null(g.uuid)},
                        {"sm_clock_mhz", or_null(g.sm_clock_mhz)},
                        {"memory_clock_mhz", or_null(g.memory_clock_mhz)},
                        {"temperature_c", or_null(g.temperature_c)},
                        {"power_w", or_null(g.power_w)},
                        {"power_limit_w", or_null(g.power_limit_w)},
                        {"power_limit_min_w", or_null(g.power_limit_min_w)},
                        {"power_limit_max_w", or_null(g.power_limit_max_w)},
                        {"total_energy_j", or_null(g.total_energy_j)},
                        {"unavailable", g.unavailable}};
    j["gpus"].push_back(std::move(e));
  }
  return j;
}

NvmlReport probe_nvml(const Nvml& nvml) {
  NvmlReport r;
  r.library = nvml.library();
  r.missing_symbols = nvml.missing_symbols();
  if (!nvml.usable()) {
    r.reason = nvml.reason();
    return r;
  }
  std::string why;
  const auto count = nvml.device_count(&why);
  if (!count) {
    r.reason = why;
    return r;
  }
  r.available = true;
  r.driver_version = nvml.driver_version();
  for (unsigned i = 0; i < *count; ++i) r.gpus.push_back(read_gpu(nvml, i));
  if (r.gpus.empty()) r.reason = "NVML works but reports no GPUs";
  return r;
}

NvmlReport probe_nvml(const std::string& library) {
  const auto nvml = Nvml::load(library);
  return probe_nvml(*nvml);
}

}  // namespace plab::hw
