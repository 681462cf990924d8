#include "core/hw/local_probe.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <system_error>

#include "core/hw/probe_procstat.h"

namespace plab::hw {

namespace {

bool is_real_root(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::equivalent(root, "/", ec);
}

nlohmann::json host_info() {
  nlohmann::json h = nlohmann::json::object();
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0) h["hostname"] = name;
  struct utsname u {};
  if (::uname(&u) == 0) {
    h["kernel"] = std::string(u.sysname) + " " + u.release;
    h["machine"] = u.machine;
  }
  const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (online > 0) h["online_cpus"] = online;
  return h;
}

}  // namespace

LocalProbe::LocalProbe(LocalProbeOptions options) : options_(std::move(options)) {}

LocalReport LocalProbe::run() const {
  LocalReport r;
  r.root = options_.root;
  if (is_real_root(options_.root)) r.host = host_info();
  r.cpufreq = probe_cpufreq(options_.root);
  r.rapl = probe_rapl(options_.root);
  r.hwmon = probe_hwmon(options_.root);
  const ProcStatSampler proc(options_.root);
  r.proc_stat_ok = proc.ok();
  r.proc_stat_reason = proc.reason();
  r.proc_stat_cpus = proc.cpu_count();
  if (options_.probe_nvml) {
    r.nvml = probe_nvml(options_.nvml_library);
  } else {
    r.nvml.library = options_.nvml_library;
    r.nvml.reason = "NVML not probed (turned off in the probe options)";
  }
  summarise(r, ::geteuid() == 0);
  return r;
}

}  // namespace plab::hw
