#include "core/hw/probe_rapl.h"

#include "core/hw/sysfs.h"

namespace plab::hw {

namespace {

constexpr const char* kPowercapDir = "/sys/class/powercap";

RaplZone read_zone(const std::filesystem::path& dir) {
  RaplZone z;
  z.id = dir.filename().string();
  z.dir = dir;
  z.name = sysfs::read_text(dir / "name").value_or("");
  z.max_energy_range_uj = sysfs::read_uint(dir / "max_energy_range_uj");
  const auto energy_file = dir / "energy_uj";
  if (!sysfs::exists(energy_file)) {
    z.reason = "no energy_uj file in " + z.id;
    return z;
  }
  z.energy_uj = sysfs::read_uint(energy_file);
  z.energy_readable = z.energy_uj.has_value();
  if (!z.energy_readable) {
    z.reason = "cannot read " + z.id + "/energy_uj (since Linux 5.10 only root may read it)";
  } else if (!z.max_energy_range_uj) {
    z.reason = "cannot read " + z.id + "/max_energy_range_uj, so counter wrap-around cannot be handled";
    z.energy_readable = false;
  }
  return z;
}

}  // namespace

nlohmann::json RaplReport::to_json() const {
  nlohmann::json j = {{"zones", nlohmann::json::array()}};
  if (!reason.empty()) j["reason"] = reason;
  for (const auto& z : zones) {
    nlohmann::json e = {{"id", z.id}, {"name", z.name}, {"energy_readable", z.energy_readable}};
    e["energy_uj"] = z.energy_uj ? nlohmann::json(*z.energy_uj) : nlohmann::json(nullptr);
    e["max_energy_range_uj"] =
        z.max_energy_range_uj ? nlohmann::json(*z.max_energy_range_uj) : nlohmann::json(nullptr);
    if (!z.reason.empty()) e["reason"] = z.reason;
    j["zones"].push_back(std::move(e));
  }
  return j;
}

RaplReport probe_rapl(const std::filesystem::path& root) {
  RaplReport r;
  const auto dir = sysfs::under(root, kPowercapDir);
  for (const auto& zone_dir : sysfs::entries_with_prefix(dir, "intel-rapl:")) {
    r.zones.push_back(read_zone(zone_dir));
  }
  if (r.zones.empty()) {
    r.reason = std::string("no RAPL zones under ") + kPowercapDir +
               " (needs an Intel or AMD processor with the intel_rapl driver, and read permission; "
               "virtual machines rarely expose it)";
  }
  return r;
}

std::uint64_t rapl_delta_uj(std::uint64_t previous, std::uint64_t current, std::uint64_t max_range_uj) {
  if (current >= previous) return current - previous;
  if (previous > max_range_uj) return 0;
  return (max_range_uj - previous) + current;
}

RaplEnergyCounter::RaplEnergyCounter(const RaplZone& zone)
    : RaplEnergyCounter(zone.dir / "energy_uj", zone.max_energy_range_uj.value_or(0)) {}

RaplEnergyCounter::RaplEnergyCounter(std::filesystem::path energy_uj_file, std::uint64_t max_range_uj)
    : file_(std::move(energy_uj_file)), max_range_uj_(max_range_uj) {
  const auto first = sysfs::read_uint(file_);
  ok_ = first.has_value() && max_range_uj_ > 0;
  if (first) last_uj_ = *first;
}

std::optional<double> RaplEnergyCounter::joules() {
  if (!ok_) return std::nullopt;
  const auto now = sysfs::read_uint(file_);
  if (!now) return std::nullopt;
  total_uj_ += static_cast<long double>(rapl_delta_uj(last_uj_, *now, max_range_uj_));
  last_uj_ = *now;
  return static_cast<double>(total_uj_ * 1e-6L);
}

}  // namespace plab::hw
