#include "core/hw/probe_procstat.h"

#include <algorithm>
#include <sstream>

#include "core/hw/sysfs.h"

namespace plab::hw {

std::uint64_t CpuTimes::total() const { return user + nice + system + idle + iowait + irq + softirq + steal; }

std::uint64_t CpuTimes::idle_all() const { return idle + iowait; }

std::vector<CpuTimes> parse_proc_stat(const std::string& text) {
  std::vector<CpuTimes> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.compare(0, 3, "cpu") != 0) continue;
    std::istringstream in(line);
    CpuTimes t;
    in >> t.name;
    std::uint64_t* fields[] = {&t.user, &t.nice, &t.system, &t.idle, &t.iowait, &t.irq, &t.softirq, &t.steal};
    int read = 0;
    for (auto* f : fields) {
      if (!(in >> *f)) break;
      ++read;
    }
    if (read >= 4) out.push_back(t);
  }
  return out;
}

std::optional<double> utilisation(const CpuTimes& before, const CpuTimes& after) {
  const std::uint64_t t0 = before.total(), t1 = after.total();
  const std::uint64_t i0 = before.idle_all(), i1 = after.idle_all();
  if (t1 <= t0 || i1 < i0) return std::nullopt;
  const double d_total = static_cast<double>(t1 - t0);
  const double d_idle = static_cast<double>(i1 - i0);
  return std::clamp((d_total - d_idle) / d_total, 0.0, 1.0);
}

ProcStatSampler::ProcStatSampler(const std::filesystem::path& root)
    : file_(sysfs::under(root, "/proc/stat")) {
  const auto text = sysfs::read_text(file_);
  if (!text) {
    reason_ = "cannot read /proc/stat (procfs not mounted?)";
    return;
  }
  last_ = parse_proc_stat(*text);
  if (last_.empty()) {
    reason_ = "/proc/stat has no cpu lines";
    return;
  }
  ok_ = true;
}

std::size_t ProcStatSampler::cpu_count() const {
  return static_cast<std::size_t>(
      std::count_if(last_.begin(), last_.end(), [](const CpuTimes& t) { return t.name != "cpu"; }));
}

std::vector<CpuUtilisation> ProcStatSampler::sample() {
  if (!ok_) return {};
  const auto text = sysfs::read_text(file_);
  if (!text) return {};
  auto now = parse_proc_stat(*text);
  std::vector<CpuUtilisation> out;
  for (const auto& t : now) {
    const auto before =
        std::find_if(last_.begin(), last_.end(), [&](const CpuTimes& b) { return b.name == t.name; });
    out.push_back({t.name, before == last_.end() ? std::nullopt : utilisation(*before, t)});
  }
  last_ = std::move(now);
  return out;
}

}  // namespace plab::hw
