#include "core/hw/local_report.h"

#include <algorithm>
#include <map>

namespace plab::hw {

namespace {

const std::string kCpufreqFiles = "/sys/devices/system/cpu/cpu*/cpufreq/";

Capability unavailable(std::string name, std::string unit, std::string reason, std::string source = "") {
  Capability c;
  c.name = std::move(name);
  c.unit = std::move(unit);
  c.reason = std::move(reason);
  c.source = std::move(source);
  return c;
}

void add_cpu_sensors(const LocalReport& r, std::vector<Capability>& out) {
  Capability util = unavailable("cpu_utilisation", "fraction", r.proc_stat_reason, "/proc/stat");
  util.available = r.proc_stat_ok;
  util.description = "busy fraction of each CPU (and of all together) between two readings of /proc/stat";
  out.push_back(std::move(util));

  double sum = 0;
  int n = 0;
  for (const auto& c : r.cpufreq.cpus) {
    if (c.cur_khz) {
      sum += static_cast<double>(*c.cur_khz) / 1000.0;
      ++n;
    }
  }
  Capability freq = unavailable("cpu_frequency", "MHz", "", kCpufreqFiles + "scaling_cur_freq");
  freq.description = "current CPU frequency (mean over CPUs at probe time)";
  if (n > 0) {
    freq.available = true;
    freq.value = sum / n;
  } else {
    freq.reason = r.cpufreq.any_cpufreq() ? "scaling_cur_freq not readable" : r.cpufreq.reason;
  }
  out.push_back(std::move(freq));
}

void add_rapl_sensors(const LocalReport& r, std::vector<Capability>& out) {
  if (r.rapl.zones.empty()) {
    out.push_back(unavailable("rapl/package", "J", r.rapl.reason, "/sys/class/powercap"));
    return;
  }
  std::map<std::string, std::string> name_of;  // zone id -> zone name
  for (const auto& z : r.rapl.zones) name_of[z.id] = z.name;
  for (const auto& z : r.rapl.zones) {
    std::string name = z.name.empty() ? z.id : z.name;
    const auto parent = z.id.rfind(':');
    if (parent != std::string::npos && std::count(z.id.begin(), z.id.end(), ':') >= 2) {
      const auto p = name_of.find(z.id.substr(0, parent));
      if (p != name_of.end()) name = p->second + "/" + name;
    }
    Capability c = unavailable("rapl/" + name, "J", z.reason, "/sys/class/powercap/" + z.id + "/energy_uj");
    c.available = z.energy_readable;
    c.description =
        "RAPL energy counter of zone " + z.id + " (read twice and subtract; wraps at " +
        (z.max_energy_range_uj ? std::to_string(*z.max_energy_range_uj) + " uJ" : "an unknown range") + ")";
    out.push_back(std::move(c));
  }
}

void add_hwmon_sensors(const LocalReport& r, std::vector<Capability>& out) {
  if (r.hwmon.devices.empty()) {
    out.push_back(unavailable("hwmon", "", r.hwmon.reason, "/sys/class/hwmon"));
    return;
  }
  for (const auto& d : r.hwmon.devices) {
    if (d.sensors.empty()) {
      out.push_back(unavailable("hwmon/" + (d.name.empty() ? d.id : d.name), "",
                                d.id + " has no temp/power/in/curr/freq/energy/fan inputs",
                                "/sys/class/hwmon/" + d.id));
      continue;
    }
    for (const auto& s : d.sensors) {
      Capability c = unavailable("hwmon/" + (d.name.empty() ? d.id : d.name) + "/" + s.channel, s.unit, "",
                                 "/sys/class/hwmon/" + d.id + "/" + s.attribute);
      c.description = s.label.empty() ? d.name + " " + s.channel : s.label;
      c.available = s.value.has_value();
      c.value = s.value;
      if (!c.available) c.reason = "cannot read " + d.id + "/" + s.attribute;
      out.push_back(std::move(c));
    }
  }
}

void add_gpu_sensors(const LocalReport& r, std::vector<Capability>& out) {
  if (!r.nvml.available || r.nvml.gpus.empty()) {
    const std::string why = "NVML not available: " + (r.nvml.reason.empty() ? "not probed" : r.nvml.reason);
    out.push_back(unavailable("gpu/power", "W", why, "nvml"));
    out.push_back(unavailable("gpu/energy", "J", why, "nvml"));
    return;
  }
  for (const auto& g : r.nvml.gpus) {
    const std::string prefix = "gpu" + std::to_string(g.index);
    const auto add = [&](const std::string& what, const std::string& unit, const std::string& field,
                         std::optional<double> value, const std::string& description) {
      Capability c = unavailable(prefix + "/" + what, unit, "", "nvml:" + prefix);
      c.description = description;
      c.available = value.has_value();
      c.value = value;
      if (!c.available) {
        const auto it = g.unavailable.find(field);
        c.reason = it == g.unavailable.end() ? "not reported by NVML" : it->second;
      }
      out.push_back(std::move(c));
    };
    const auto as_double = [](const std::optional<unsigned>& v) {
      return v ? std::optional<double>(*v) : std::nullopt;
    };
    const std::string gpu = g.name.value_or(prefix);
    add("power", "W", "power_w", g.power_w, gpu + " power draw (nvmlDeviceGetPowerUsage)");
    add("energy", "J", "total_energy_j", g.total_energy_j,
        gpu + " energy since the driver loaded (nvmlDeviceGetTotalEnergyConsumption)");
    add("temperature", "°C", "temperature_c", as_double(g.temperature_c), gpu + " temperature");
    add("sm_clock", "MHz", "sm_clock_mhz", as_double(g.sm_clock_mhz), gpu + " SM clock");
    add("memory_clock", "MHz", "memory_clock_mhz", as_double(g.memory_clock_mhz), gpu + " memory clock");
  }
}

// The first CPU with cpufreq, preferring one for which `pred` holds.
template <class Pred>
const CpuFreqCpu* pick_cpu(const CpuFreqReport& f, Pred pred) {
  const CpuFreqCpu* first = nullptr;
  for (const auto& c : f.cpus) {
    if (!c.has_cpufreq) continue;
    if (pred(c)) return &c;
    if (first == nullptr) first = &c;
  }
  return first;
}

void set_frequency_levels(Capability& k, const CpuFreqCpu& c) {
  if (!c.available_khz.empty()) {
    k.levels = nlohmann::json::array();
    for (auto khz : c.available_khz) k.levels.push_back(static_cast<double>(khz) / 1000.0);
  } else if (c.hw_min_khz && c.hw_max_khz) {
    k.range = std::make_pair(static_cast<double>(*c.hw_min_khz) / 1000.0,
                             static_cast<double>(*c.hw_max_khz) / 1000.0);
  }
}

void add_cpu_knobs(const LocalReport& r, std::vector<Capability>& out) {
  const auto& f = r.cpufreq;
  Capability set = unavailable("cpu_frequency", "MHz", "", kCpufreqFiles + "scaling_setspeed");
  set.description = "fixed CPU frequency through the userspace governor's scaling_setspeed";
  Capability cap = unavailable("cpu_max_frequency", "MHz", "", kCpufreqFiles + "scaling_max_freq");
  cap.description = "upper bound on the CPU frequency (scaling_max_freq), with any governor";
  Capability gov = unavailable("cpu_governor", "", "", kCpufreqFiles + "scaling_governor");
  gov.description = "cpufreq governor";
  if (!f.any_cpufreq()) {
    set.reason = cap.reason = gov.reason = f.reason;
    out.push_back(std::move(set));
    out.push_back(std::move(cap));
    out.push_back(std::move(gov));
    return;
  }

  const auto* s =
      pick_cpu(f, [](const CpuFreqCpu& c) { return c.setspeed_writable && c.governor == "userspace"; });
  set_frequency_levels(set, *s);
  if (s->cur_khz) set.current = static_cast<double>(*s->cur_khz) / 1000.0;
  if (s->setspeed_writable && s->governor == "userspace") {
    set.available = true;
  } else if (!s->setspeed_writable) {
    set.reason = "cpufreq scaling_setspeed not writable: not root, or the driver (" +
                 (s->driver.empty() ? std::string("unknown") : s->driver) + ") has no userspace governor";
  } else {
    const bool can_switch = s->governor_writable && std::count(s->available_governors.begin(),
                                                               s->available_governors.end(), "userspace");
    set.reason = "cpufreq scaling_setspeed works only with the userspace governor; the governor is '" +
                 s->governor + "'" +
                 (can_switch ? " (switching it is possible: scaling_governor is writable)" : "");
  }

  const auto* m = pick_cpu(f, [](const CpuFreqCpu& c) { return c.max_freq_writable; });
  set_frequency_levels(cap, *m);
  if (m->max_khz) cap.current = static_cast<double>(*m->max_khz) / 1000.0;
  cap.available = m->max_freq_writable;
  if (!cap.available) cap.reason = "cpufreq scaling_max_freq not writable (needs root)";

  const auto* g = pick_cpu(f, [](const CpuFreqCpu& c) { return c.governor_writable; });
  gov.choices = g->available_governors;
  gov.current = g->governor;
  gov.available = g->governor_writable && !g->available_governors.empty();
  if (!g->governor_writable) {
    gov.reason = "cpufreq scaling_governor not writable (needs root)";
  } else if (g->available_governors.empty()) {
    gov.reason = "scaling_available_governors is empty or unreadable";
  }
  out.push_back(std::move(set));
  out.push_back(std::move(cap));
  out.push_back(std::move(gov));
}

void add_gpu_knobs(const LocalReport& r, bool is_root, std::vector<Capability>& out) {
  if (!r.nvml.available || r.nvml.gpus.empty()) {
    out.push_back(unavailable("gpu/power_limit", "W",
                              "NVML not available: " + (r.nvml.reason.empty() ? "not probed" : r.nvml.reason),
                              "nvml"));
    return;
  }
  for (const auto& g : r.nvml.gpus) {
    const std::string prefix = "gpu" + std::to_string(g.index);
    Capability k = unavailable(prefix + "/power_limit", "W", "", "nvml:" + prefix);
    k.description = "GPU power limit (nvmlDeviceSetPowerManagementLimit)";
    if (g.power_limit_w) k.current = *g.power_limit_w;
    if (g.power_limit_min_w && g.power_limit_max_w) {
      k.range = std::make_pair(*g.power_limit_min_w, *g.power_limit_max_w);
      k.available = is_root;
      if (!is_root) k.reason = "changing the GPU power limit needs root";
    } else {
      const auto it = g.unavailable.find("power_limit_range_w");
      k.reason = it == g.unavailable.end() ? "power limit range not reported by NVML" : it->second;
    }
    out.push_back(std::move(k));
  }
}

const Capability* find(const std::vector<Capability>& v, const std::string& name) {
  const auto it = std::find_if(v.begin(), v.end(), [&](const Capability& c) { return c.name == name; });
  return it == v.end() ? nullptr : &*it;
}

}  // namespace

nlohmann::json Capability::to_json() const {
  nlohmann::json j = {{"name", name}, {"unit", unit}, {"available", available}};
  if (!reason.empty()) j["reason"] = reason;
  if (!source.empty()) j["source"] = source;
  if (!description.empty()) j["description"] = description;
  if (value) j["value"] = *value;
  if (!levels.is_null()) j["levels"] = levels;
  if (range) j["range"] = {{"min", range->first}, {"max", range->second}};
  if (!choices.empty()) j["choices"] = choices;
  if (!current.is_null()) j["current"] = current;
  return j;
}

const Capability* LocalReport::find_sensor(const std::string& name) const { return find(sensors, name); }

const Capability* LocalReport::find_knob(const std::string& name) const { return find(knobs, name); }

nlohmann::json LocalReport::to_json() const {
  nlohmann::json j = {{"schema", kLocalReportSchema}, {"root", root.string()}};
  if (!host.is_null()) j["host"] = host;
  j["sensors"] = nlohmann::json::array();
  for (const auto& s : sensors) j["sensors"].push_back(s.to_json());
  j["knobs"] = nlohmann::json::array();
  for (const auto& k : knobs) j["knobs"].push_back(k.to_json());
  nlohmann::json proc = {{"available", proc_stat_ok}, {"cpus", proc_stat_cpus}};
  if (!proc_stat_reason.empty()) proc["reason"] = proc_stat_reason;
  j["details"] = {{"cpufreq", cpufreq.to_json()},
                  {"rapl", rapl.to_json()},
                  {"hwmon", hwmon.to_json()},
                  {"proc_stat", proc},
                  {"nvml", nvml.to_json()}};
  return j;
}

void summarise(LocalReport& r, bool is_root) {
  r.sensors.clear();
  r.knobs.clear();
  add_cpu_sensors(r, r.sensors);
  add_rapl_sensors(r, r.sensors);
  add_hwmon_sensors(r, r.sensors);
  add_gpu_sensors(r, r.sensors);
  add_cpu_knobs(r, r.knobs);
  add_gpu_knobs(r, is_root, r.knobs);
}

}  // namespace plab::hw
