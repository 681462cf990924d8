#pragma once
// What NVML (when an NVIDIA driver is present) says about each GPU: a one-off report.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/hw/nvml.h"

namespace plab::hw {

/// One GPU as NVML reports it. A value NVML could not give stays empty and `unavailable` holds
/// NVML's reason under the field's name ("total_energy_j" -> "...: Not Supported (code 3)").
struct NvmlGpu {
  unsigned index = 0;
  std::optional<std::string> name;
  std::optional<std::string> uuid;
  std::optional<unsigned> sm_clock_mhz;
  std::optional<unsigned> memory_clock_mhz;
  std::optional<unsigned> temperature_c;
  std::optional<double> power_w;
  std::optional<double> power_limit_w;
  std::optional<double> power_limit_min_w;
  std::optional<double> power_limit_max_w;
  std::optional<double> total_energy_j;
  std::map<std::string, std::string> unavailable;
};

/// The NVML part of the local report.
struct NvmlReport {
  std::string library;
  bool available = false;  // library loaded, required functions present, initialised
  std::string reason;      // why not available ("" when it is)
  std::vector<std::string> missing_symbols;
  std::optional<std::string> driver_version;
  std::vector<NvmlGpu> gpus;

  nlohmann::json to_json() const;
};

/// Loads `library` (default libnvidia-ml.so.1), reads every GPU once, and unloads it.
NvmlReport probe_nvml(const std::string& library = kNvmlLibrary);
/// The same over an already loaded NVML (tests pass one built with Nvml::from_lookup).
NvmlReport probe_nvml(const Nvml& nvml);

}  // namespace plab::hw
