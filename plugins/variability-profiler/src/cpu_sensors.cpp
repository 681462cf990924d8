#include "plugins/variability-profiler/src/cpu_sensors.h"

#include <sched.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>

namespace plab::variability {
namespace fs = std::filesystem;

std::optional<double> read_number(const fs::path& file) {
  std::ifstream in(file);
  double v = 0;
  if (!in || !(in >> v)) return std::nullopt;
  return v;
}

namespace {

std::string read_word(const fs::path& file) {
  std::ifstream in(file);
  std::string s;
  if (in) std::getline(in, s);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::vector<fs::path> list_dir(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

CpuSensors::CpuSensors(fs::path root) : root_(std::move(root)) {
  // Clock: any cpufreq scaling_cur_freq that reads.
  for (int cpu : {0, 1, 2, 3}) {
    if (frequency_mhz(cpu)) {
      has_frequency_ = true;
      break;
    }
  }
  if (has_frequency_)
    found_.push_back("frequency: " +
                     (root_ / "sys/devices/system/cpu/cpuN/cpufreq/scaling_cur_freq").string());
  else
    missing_.push_back("frequency: no readable cpufreq scaling_cur_freq under " +
                       (root_ / "sys/devices/system/cpu").string());

  // Temperature: hwmon chips that belong to the CPU, else thermal zones of CPU type.
  static const std::set<std::string> cpu_chips = {"coretemp", "k10temp", "zenpower", "cpu_thermal",
                                                  "cpu-thermal"};
  for (const auto& hw : list_dir(root_ / "sys/class/hwmon")) {
    if (!cpu_chips.count(read_word(hw / "name"))) continue;
    const fs::path f = hw / "temp1_input";
    if (read_number(f)) temperature_files_.push_back(f);
  }
  if (temperature_files_.empty()) {
    for (const auto& tz : list_dir(root_ / "sys/class/thermal")) {
      const std::string type = read_word(tz / "type");
      if (type == "x86_pkg_temp" || type.rfind("cpu", 0) == 0 || type == "soc_thermal") {
        const fs::path f = tz / "temp";
        if (read_number(f)) temperature_files_.push_back(f);
      }
    }
  }
  if (!temperature_files_.empty())
    found_.push_back("temperature: " + temperature_files_.front().string());
  else
    missing_.push_back("temperature: no CPU hwmon chip (coretemp, k10temp, ...) or CPU thermal zone under " +
                       (root_ / "sys/class").string());

  // Energy: RAPL package domains (intel-rapl:N, top level only; AMD exposes the same tree).
  bool unreadable = false;
  for (const auto& d : list_dir(root_ / "sys/class/powercap")) {
    const std::string dn = d.filename().string();
    if (dn.find(':') == std::string::npos || dn.find(':') != dn.rfind(':')) continue;  // intel-rapl:0 only
    if (read_word(d / "name").rfind("package", 0) != 0) continue;
    if (read_number(d / "energy_uj")) {
      energy_files_.push_back(d / "energy_uj");
      energy_range_j_ += read_number(d / "max_energy_range_uj").value_or(0) / 1e6;
    } else if (fs::exists(d / "energy_uj")) {
      unreadable = true;
    }
  }
  if (!energy_files_.empty())
    found_.push_back("power: RAPL " + energy_files_.front().string());
  else if (unreadable)
    missing_.push_back("power: RAPL energy_uj exists but is not readable by this user");
  else
    missing_.push_back("power: no RAPL powercap package domain under " +
                       (root_ / "sys/class/powercap").string());
}

std::optional<double> CpuSensors::frequency_mhz(int cpu) const {
  const auto khz =
      read_number(root_ / ("sys/devices/system/cpu/cpu" + std::to_string(cpu)) / "cpufreq/scaling_cur_freq");
  if (!khz) return std::nullopt;
  return *khz / 1000.0;
}

std::optional<double> CpuSensors::temperature_c() const {
  std::optional<double> best;
  for (const auto& f : temperature_files_)
    if (auto m = read_number(f)) best = std::max(best.value_or(-1e9), *m / 1000.0);
  return best;
}

std::optional<double> CpuSensors::energy_j() const {
  if (energy_files_.empty()) return std::nullopt;
  double total = 0;
  for (const auto& f : energy_files_) {
    const auto uj = read_number(f);
    if (!uj) return std::nullopt;
    total += *uj / 1e6;
  }
  return total;
}

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

bool pin_this_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof(set), &set) == 0;  // 0 = the calling thread on Linux
}

}  // namespace plab::variability
