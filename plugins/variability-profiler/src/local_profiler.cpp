#include "plugins/variability-profiler/src/local_profiler.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "core/hw/nvml.h"
#include "core/stats/quantile.h"
#include "core/util/error.h"
#include "plugins/variability-profiler/src/affinity.h"
#include "plugins/variability-profiler/src/cpu_sensors.h"
#include "plugins/variability-profiler/src/gpu_kernel.h"
#include "plugins/variability-profiler/src/gpu_telemetry.h"
#include "plugins/variability-profiler/src/kernels.h"
#include "plugins/variability-profiler/src/worker.h"

namespace plab::variability {
namespace {

using Clock = std::chrono::steady_clock;
const std::set<std::string> kCpuApps = {"gemm", "triad", "pagerank"};
const std::string kGpuApp = "sgemm-gpu";

std::string hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

std::string cpu_model(const std::filesystem::path& root) {
  std::ifstream in(root / "proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
      auto s = line.substr(line.find(':') + 1);
      return s.substr(s.find_first_not_of(' '));
    }
  return "";
}

/// A device under test: its worker thread, its kernels, and how to read its sensors.
struct Unit {
  bool gpu = false;
  int index = 0;                                           // logical CPU, or CUDA device
  int nvml = -1;                                           // NVML index of a GPU, -1 if unknown
  std::uint32_t device = 0;                                // index in the dataset
  std::map<std::string, std::unique_ptr<Kernel>> kernels;  // touched only by the worker
  std::unique_ptr<gpu::Sgemm> sgemm;                       // touched only by the worker
  std::unique_ptr<Worker> worker;  // declared last: joined before the kernels it uses are freed
};

struct Readings {
  std::vector<double> freq, temp, power;
};

double median_or_missing(const std::vector<double>& v) { return v.empty() ? kMissing : stats::median(v); }

}  // namespace

LocalResult profile_local(const LocalOptions& opt, const ProgressFn& progress, const CancelledFn& cancelled) {
  if (opt.repetitions < 1) throw InputError("repetitions: expected at least 1");
  bool want_gpu = false;
  std::vector<std::string> cpu_apps;
  for (const auto& a : opt.applications) {
    if (kCpuApps.count(a))
      cpu_apps.push_back(a);
    else if (a == kGpuApp)
      want_gpu = true;
    else
      throw InputError("applications: unknown application '" + a +
                       "'; expected gemm, triad, pagerank or sgemm-gpu");
  }

  LocalResult res;
  res.data.source = "local";
  const std::string node = hostname();
  CpuSensors sensors(opt.sysfs_root);
  res.found = sensors.found();
  res.missing = sensors.missing();
  res.cpu_frequency = sensors.has_frequency();
  res.cpu_temperature = sensors.has_temperature();
  res.cpu_power = sensors.has_energy();

  std::vector<std::unique_ptr<Unit>> units;
  if (!cpu_apps.empty()) {
    const auto allowed = allowed_cpus();
    std::vector<int> cpus = opt.cpus.empty() ? allowed : opt.cpus;
    for (int c : cpus)
      if (std::find(allowed.begin(), allowed.end(), c) == allowed.end())
        throw InputError("cores: CPU " + std::to_string(c) + " is not available to this process");
    const std::string model = cpu_model(opt.sysfs_root);
    for (int c : cpus) {
      auto u = std::make_unique<Unit>();
      u->index = c;
      u->device = res.data.device("cpu" + std::to_string(c), node, model);
      units.push_back(std::move(u));
    }
  }

  // GPUs: a kernel needs the CUDA build and a device; telemetry needs NVML. Either may be missing.
  std::unique_ptr<hw::Nvml> nvml;
  if (want_gpu && opt.use_gpus) {
    nvml = hw::Nvml::load(opt.nvml_library.empty() ? hw::kNvmlLibrary : opt.nvml_library);
    if (!nvml->usable()) {
      res.missing.push_back("GPU telemetry: NVML not usable: " + nvml->reason());
      nvml.reset();
    }
    std::string cuda_why;
    const int ngpu = gpu::device_count(cuda_why);
    if (ngpu == 0)
      res.missing.push_back(
          cuda_why +
          (nvml ? "; NVML sees " + std::to_string(nvml->device_count().value_or(0)) + " GPU(s)" : ""));
    for (int g = 0; g < ngpu; ++g) {
      auto u = std::make_unique<Unit>();
      u->gpu = true;
      u->index = g;
      std::string label;
      if (nvml) {
        const auto bytes = gpu::uuid_bytes(g);
        const auto idx = bytes ? nvml_index_of_uuid(*nvml, format_gpu_uuid(*bytes)) : std::nullopt;
        if (idx) {
          u->nvml = static_cast<int>(*idx);
          label = gpu_label(*nvml, *idx);
        } else {
          res.missing.push_back("GPU telemetry: CUDA device " + std::to_string(g) +
                                " has no NVML device with the same UUID");
        }
      }
      u->device = res.data.device("gpu" + std::to_string(g), node, label);
      units.push_back(std::move(u));
      ++res.gpus;
    }
    if (ngpu > 0) res.found.push_back("GPU kernel: CUDA SGEMM on " + std::to_string(ngpu) + " GPU(s)");
    if (nvml && ngpu > 0) res.found.push_back("GPU telemetry: NVML (SM clock, power, temperature)");
  } else if (want_gpu) {
    res.missing.push_back("GPU: disabled by the use_gpus parameter");
  }
  if (units.empty()) throw InputError("nothing to profile: no CPU application selected and no GPU available");

  // Start one worker per device; CPU workers pin themselves first.
  for (auto& u : units) {
    u->worker = std::make_unique<Worker>();
    if (!u->gpu) {
      const int cpu = u->index;
      if (u->worker->post([cpu] { return pin_this_thread(cpu) ? 1.0 : 0.0; }).get() != 1.0)
        throw RunError("cannot pin a thread to CPU " + std::to_string(cpu) + " (sched_setaffinity failed)");
    }
  }

  // The jobs each device runs; kernels are built lazily inside the worker (first touch there).
  auto job_for = [&opt](Unit& u, const std::string& app) -> std::function<double()> {
    Unit* up = &u;
    if (u.gpu)
      return [up, &opt] {
        if (!up->sgemm) up->sgemm = std::make_unique<gpu::Sgemm>(up->index, opt.gpu_sgemm_n, opt.seed);
        return up->sgemm->run(opt.gpu_kernels);
      };
    return [up, app, &opt] {
      auto& k = up->kernels[app];
      if (!k) {
        if (app == "gemm") k = make_gemm_kernel(opt.gemm_n, opt.seed);
        if (app == "triad") k = make_triad_kernel(opt.triad_mib);
        if (app == "pagerank")
          k = make_pagerank_kernel(opt.pagerank_nodes, opt.pagerank_degree, opt.pagerank_iterations,
                                   opt.seed);
      }
      const auto t0 = Clock::now();
      volatile double sink = k->run();
      (void)sink;
      return std::chrono::duration<double>(Clock::now() - t0).count();
    };
  };

  const auto campaign_start = Clock::now();
  auto now_s = [&] { return std::chrono::duration<double>(Clock::now() - campaign_start).count(); };
  const auto interval = std::chrono::duration<double, std::milli>(std::max(0.1, opt.sample_interval_ms));

  auto sample = [&](const Unit& u, Readings& r) {
    const double t = now_s();
    const std::string& id = res.data.devices[u.device].id;
    auto keep = [&](std::vector<double>& v, const char* sensor, double value) {
      if (!present(value)) return;
      v.push_back(value);
      res.samples.push_back({id + "/" + sensor, t, value});
    };
    if (u.gpu) {
      if (!nvml || u.nvml < 0) return;
      const GpuSample s = sample_gpu(*nvml, static_cast<unsigned>(u.nvml));
      keep(r.freq, "frequency_mhz", s.sm_clock_mhz);
      keep(r.power, "power_w", s.power_w);
      keep(r.temp, "temperature_c", s.temperature_c);
    } else {
      keep(r.freq, "frequency_mhz", sensors.frequency_mhz(u.index).value_or(kMissing));
      keep(r.temp, "temperature_c", sensors.temperature_c().value_or(kMissing));
    }
  };

  // One timed run on one device with sensor sampling around it.
  auto run_once = [&](Unit& u, const std::string& app, int rep, bool record) {
    Readings r;
    const double t_start = now_s();
    const auto e0 = u.gpu ? std::nullopt : sensors.energy_j();
    auto fut = u.worker->post(job_for(u, app));
    while (fut.wait_for(interval) != std::future_status::ready) sample(u, r);
    const auto e1 = u.gpu ? std::nullopt : sensors.energy_j();
    const double t_end = now_s();
    const double duration = fut.get();                                      // rethrows a kernel's exception
    if (r.freq.empty() && r.temp.empty() && r.power.empty()) sample(u, r);  // short run: one reading after it
    if (!record) return;
    Measurement m;
    m.device = u.device;
    m.application = res.data.application(app);
    m.repetition = rep;
    m.duration_s = duration;
    m.start_s = t_start;
    m.frequency_mhz = median_or_missing(r.freq);
    m.temperature_c = median_or_missing(r.temp);
    m.power_w = median_or_missing(r.power);
    if (e0 && e1 && t_end > t_start)
      m.power_w = (*e1 - *e0) / (t_end - t_start);  // wraps handled by the counters
    res.data.runs.push_back(m);
    res.samples.push_back({app + "/" + res.data.devices[u.device].id + "/duration_s", t_start, duration});
  };

  std::vector<std::pair<std::string, std::vector<Unit*>>> plan;  // application -> devices that run it
  for (const auto& app : cpu_apps) {
    std::vector<Unit*> v;
    for (auto& u : units)
      if (!u->gpu) v.push_back(u.get());
    if (!v.empty()) plan.emplace_back(app, v);
  }
  if (res.gpus > 0) {
    std::vector<Unit*> v;
    for (auto& u : units)
      if (u->gpu) v.push_back(u.get());
    plan.emplace_back(kGpuApp, v);
  }
  std::size_t total = 0, done = 0;
  for (auto& [app, devs] : plan)
    total += devs.size() * static_cast<std::size_t>(opt.warmup + opt.repetitions);

  // Warm-up, then repetitions interleaved across devices; the device order rotates with the
  // repetition so that no device always runs first (or last) after another application.
  for (int rep = -opt.warmup; rep < opt.repetitions; ++rep) {
    for (auto& [app, devs] : plan) {
      const std::size_t shift = static_cast<std::size_t>(rep + opt.warmup) % devs.size();
      for (std::size_t i = 0; i < devs.size(); ++i) {
        if (cancelled && cancelled()) throw Cancelled();
        Unit& u = *devs[(i + shift) % devs.size()];
        run_once(u, app, rep, rep >= 0);
        ++done;
        if (progress)
          progress(static_cast<double>(done) / static_cast<double>(total),
                   (rep < 0 ? "warm-up "
                            : "repetition " + std::to_string(rep + 1) + "/" +
                                  std::to_string(opt.repetitions) + " ") +
                       app + " on " + res.data.devices[u.device].id);
      }
    }
  }
  return res;
}

}  // namespace plab::variability
