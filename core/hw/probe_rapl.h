#pragma once
// RAPL energy counters through the Linux powercap interface (/sys/class/powercap/intel-rapl:*),
// which Intel and AMD processors both expose.

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace plab::hw {

/// One powercap zone: "intel-rapl:0" (a package) or "intel-rapl:0:1" (a sub-zone such as dram).
struct RaplZone {
  std::string id;                                    // folder name, "intel-rapl:0"
  std::filesystem::path dir;                         // the zone folder
  std::string name;                                  // "package-0", "core", "dram", "psys", ...
  bool energy_readable = false;                      // energy_uj could be read by this process
  std::optional<std::uint64_t> energy_uj;            // the reading taken by the probe
  std::optional<std::uint64_t> max_energy_range_uj;  // where energy_uj wraps back to 0
  std::string reason;                                // why energy_uj is not readable ("" when it is)
};

/// All RAPL zones under <root>/sys/class/powercap.
struct RaplReport {
  std::vector<RaplZone> zones;
  std::string reason;  // why there are no zones ("" when there are)

  nlohmann::json to_json() const;
};

RaplReport probe_rapl(const std::filesystem::path& root);

/// Energy in microjoules between two readings of a counter that wraps from max_range_uj back to 0.
/// Assumes at most one wrap between the readings. A reading above the range (which a correct
/// kernel never gives) counts as no energy rather than a huge one.
std::uint64_t rapl_delta_uj(std::uint64_t previous, std::uint64_t current, std::uint64_t max_range_uj);

/// Accumulates the energy of one zone across counter wrap-arounds. Read it at least once per wrap
/// period (minutes at typical package power: the range is usually 2^32 or 2^38 microjoules).
/// Not thread-safe; one reader per counter.
class RaplEnergyCounter {
 public:
  /// Takes the first reading now; ok() says whether it worked.
  explicit RaplEnergyCounter(const RaplZone& zone);
  RaplEnergyCounter(std::filesystem::path energy_uj_file, std::uint64_t max_range_uj);

  bool ok() const { return ok_; }
  /// Joules used since construction, or nullopt when the counter cannot be read now.
  std::optional<double> joules();

 private:
  std::filesystem::path file_;
  std::uint64_t max_range_uj_ = 0;
  std::uint64_t last_uj_ = 0;
  long double total_uj_ = 0;
  bool ok_ = false;
};

}  // namespace plab::hw
