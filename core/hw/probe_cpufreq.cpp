#include "core/hw/probe_cpufreq.h"

#include <algorithm>

#include "core/hw/sysfs.h"

namespace plab::hw {

namespace {

constexpr const char* kCpuDir = "/sys/devices/system/cpu";

nlohmann::json khz_or_null(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

CpuFreqCpu read_cpu(const std::filesystem::path& dir) {
  CpuFreqCpu c;
  c.cpu = std::stoi(dir.filename().string().substr(3));
  if (const auto online = sysfs::read_int(dir / "online")) c.online = *online != 0;
  const auto f = dir / "cpufreq";
  if (!sysfs::exists(f)) return c;
  c.has_cpufreq = true;
  c.driver = sysfs::read_text(f / "scaling_driver").value_or("");
  c.cur_khz = sysfs::read_int(f / "scaling_cur_freq");
  c.min_khz = sysfs::read_int(f / "scaling_min_freq");
  c.max_khz = sysfs::read_int(f / "scaling_max_freq");
  c.hw_min_khz = sysfs::read_int(f / "cpuinfo_min_freq");
  c.hw_max_khz = sysfs::read_int(f / "cpuinfo_max_freq");
  for (const auto& w : sysfs::words(sysfs::read_text(f / "scaling_available_frequencies").value_or(""))) {
    try {
      c.available_khz.push_back(std::stoll(w));
    } catch (const std::exception&) {
      // A malformed entry is skipped; the rest of the list is still useful.
    }
  }
  std::sort(c.available_khz.begin(), c.available_khz.end());
  c.available_khz.erase(std::unique(c.available_khz.begin(), c.available_khz.end()), c.available_khz.end());
  c.available_governors = sysfs::words(sysfs::read_text(f / "scaling_available_governors").value_or(""));
  c.governor = sysfs::read_text(f / "scaling_governor").value_or("");
  c.setspeed_writable = sysfs::exists(f / "scaling_setspeed") && sysfs::writable(f / "scaling_setspeed");
  c.max_freq_writable = sysfs::exists(f / "scaling_max_freq") && sysfs::writable(f / "scaling_max_freq");
  c.governor_writable = sysfs::exists(f / "scaling_governor") && sysfs::writable(f / "scaling_governor");
  return c;
}

}  // namespace

bool CpuFreqReport::any_cpufreq() const {
  return std::any_of(cpus.begin(), cpus.end(), [](const CpuFreqCpu& c) { return c.has_cpufreq; });
}

nlohmann::json CpuFreqReport::to_json() const {
  nlohmann::json j = {{"cpus", nlohmann::json::array()}};
  if (!reason.empty()) j["reason"] = reason;
  for (const auto& c : cpus) {
    nlohmann::json e = {{"cpu", c.cpu}, {"has_cpufreq", c.has_cpufreq}};
    if (c.online) e["online"] = *c.online;
    if (c.has_cpufreq) {
      e["driver"] = c.driver;
      e["cur_khz"] = khz_or_null(c.cur_khz);
      e["min_khz"] = khz_or_null(c.min_khz);
      e["max_khz"] = khz_or_null(c.max_khz);
      e["hw_min_khz"] = khz_or_null(c.hw_min_khz);
      e["hw_max_khz"] = khz_or_null(c.hw_max_khz);
      e["available_khz"] = c.available_khz;
      e["available_governors"] = c.available_governors;
      e["governor"] = c.governor;
      e["setspeed_writable"] = c.setspeed_writable;
      e["max_freq_writable"] = c.max_freq_writable;
      e["governor_writable"] = c.governor_writable;
    }
    j["cpus"].push_back(std::move(e));
  }
  return j;
}

CpuFreqReport probe_cpufreq(const std::filesystem::path& root) {
  CpuFreqReport r;
  for (const auto& dir : sysfs::numbered_entries(sysfs::under(root, kCpuDir), "cpu")) {
    r.cpus.push_back(read_cpu(dir));
  }
  if (r.cpus.empty()) {
    r.reason = std::string("no CPUs listed under ") + kCpuDir + " (sysfs not mounted?)";
  } else if (!r.any_cpufreq()) {
    r.reason = std::string("no cpufreq under ") + kCpuDir +
               "/cpu*/cpufreq (no cpufreq driver loaded; usual in virtual machines and containers)";
  }
  return r;
}

}  // namespace plab::hw
