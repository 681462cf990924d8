#include "plugins/variability-profiler/src/cpu_sensors.h"

#include <algorithm>
#include <set>

#include "core/hw/probe_cpufreq.h"
#include "core/hw/sysfs.h"

namespace plab::variability {
namespace fs = std::filesystem;

namespace {

constexpr const char* kCpuDir = "/sys/devices/system/cpu";
constexpr const char* kHwmonDir = "/sys/class/hwmon";

// hwmon drivers that report the CPU package (x86 and common Arm SoCs).
const std::set<std::string>& cpu_chips() {
  static const std::set<std::string> chips = {"coretemp",    "k10temp",      "zenpower",   "cpu_thermal",
                                              "cpu-thermal", "x86_pkg_temp", "soc_thermal"};
  return chips;
}

}  // namespace

CpuSensors::CpuSensors(fs::path root) : root_(std::move(root)) {
  // Clock: cpufreq of any CPU whose scaling_cur_freq reads.
  const hw::CpuFreqReport cpufreq = hw::probe_cpufreq(root_);
  has_frequency_ = std::any_of(cpufreq.cpus.begin(), cpufreq.cpus.end(),
                               [](const hw::CpuFreqCpu& c) { return c.cur_khz.has_value(); });
  if (has_frequency_)
    found_.push_back("frequency: " + hw::sysfs::under(root_, kCpuDir).string() +
                     "/cpuN/cpufreq/scaling_cur_freq");
  else
    missing_.push_back("frequency: " + (cpufreq.reason.empty()
                                            ? std::string("no readable cpufreq scaling_cur_freq under ") +
                                                  hw::sysfs::under(root_, kCpuDir).string()
                                            : cpufreq.reason));

  // Temperature: the first temperature channel of each CPU hwmon chip (coretemp's "Package id 0",
  // k10temp's Tctl). Other chips (nvme, acpitz, amdgpu) are not the CPU.
  const hw::HwmonReport hwmon = hw::probe_hwmon(root_);
  for (const auto& d : hwmon.devices) {
    if (!cpu_chips().count(d.name)) continue;
    for (const auto& s : d.sensors)
      if (s.kind == "temp" && s.value) {
        temperature_.push_back({hw::sysfs::under(root_, kHwmonDir) / d.id, s});
        break;
      }
  }
  if (!temperature_.empty())
    found_.push_back("temperature: " +
                     (temperature_.front().dir / temperature_.front().sensor.attribute).string());
  else
    missing_.push_back("temperature: " +
                       (hwmon.devices.empty() && !hwmon.reason.empty()
                            ? hwmon.reason
                            : "no CPU hwmon chip (coretemp, k10temp, zenpower, ...) with a readable "
                              "temperature under " +
                                  hw::sysfs::under(root_, kHwmonDir).string()));

  // Energy: RAPL package zones ("package-N"), not their core/dram sub-zones.
  const hw::RaplReport rapl = hw::probe_rapl(root_);
  std::string why = rapl.reason;
  for (const auto& z : rapl.zones) {
    if (z.name.rfind("package", 0) != 0) continue;
    if (!z.energy_readable) {
      why = z.reason;
      continue;
    }
    hw::RaplEnergyCounter counter(z);
    if (counter.ok()) energy_.push_back(std::move(counter));
  }
  if (!energy_.empty())
    found_.push_back("power: RAPL package energy under " +
                     hw::sysfs::under(root_, "/sys/class/powercap").string());
  else
    missing_.push_back("power: " + (why.empty() ? "no RAPL package zone under " +
                                                      hw::sysfs::under(root_, "/sys/class/powercap").string()
                                                : why));
}

std::optional<double> CpuSensors::frequency_mhz(int cpu) const {
  const auto khz = hw::sysfs::read_int(hw::sysfs::under(root_, kCpuDir) / ("cpu" + std::to_string(cpu)) /
                                       "cpufreq/scaling_cur_freq");
  if (!khz) return std::nullopt;
  return static_cast<double>(*khz) / 1000.0;
}

std::optional<double> CpuSensors::temperature_c() const {
  std::optional<double> hottest;
  for (const auto& t : temperature_)
    if (auto c = hw::read_hwmon_value(t.dir, t.sensor)) hottest = std::max(hottest.value_or(-1e9), *c);
  return hottest;
}

std::optional<double> CpuSensors::energy_j() {
  if (energy_.empty()) return std::nullopt;
  double total = 0;
  for (auto& c : energy_) {
    const auto j = c.joules();
    if (!j) return std::nullopt;
    total += *j;
  }
  return total;
}

}  // namespace plab::variability
