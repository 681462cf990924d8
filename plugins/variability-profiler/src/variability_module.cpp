#include "plugins/variability-profiler/src/variability_module.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <string_view>

#include "core/util/error.h"
#include "plugins/variability-profiler/src/analysis.h"
#include "plugins/variability-profiler/src/cluster_preset.h"
#include "plugins/variability-profiler/src/cluster_sim.h"
#include "plugins/variability-profiler/src/csv_io.h"
#include "plugins/variability-profiler/src/local_profiler.h"
#include "plugins/variability-profiler/src/report_emit.h"

namespace plab::variability {
namespace {

using nlohmann::json;

// Populations this small (a machine's cores and GPUs) get one log line per device and application.
constexpr std::size_t kLoggedDevices = 64;

json integer(int def, int lo, int hi, const char* title, const char* desc, const char* unit = "") {
  json j = {{"type", "integer"}, {"default", def}, {"minimum", lo},
            {"maximum", hi},     {"title", title}, {"description", desc}};
  if (*unit) j["unit"] = unit;
  return j;
}

json params_schema() {
  json p = json::object();
  p["applications"] = {
      {"type", "string"},
      {"default", "all"},
      {"title", "Applications"},
      {"description",
       "Comma-separated applications, or 'all'. local: gemm, triad, pagerank, sgemm-gpu; "
       "cluster: those of the preset (sgemm, resnet50, bert, lammps, pagerank); csv: those in the file."}};
  p["repetitions"] =
      integer(5, 1, 10000, "Repetitions", "Runs per device and application (local and cluster).");
  p["warmup"] =
      integer(1, 0, 100, "Warm-up runs", "Untimed runs per device and application before measuring (local).");
  p["gemm_n"] =
      integer(256, 8, 8192, "GEMM size", "Matrix order of the dense single-precision multiply (local).");
  p["triad_mib"] =
      integer(16, 1, 4096, "Triad array size", "Size of each of the three triad arrays (local).", "MiB");
  p["pagerank_nodes"] =
      integer(32768, 64, 1 << 24, "PageRank vertices", "Vertices of the generated R-MAT graph (local).");
  p["pagerank_degree"] =
      integer(8, 1, 64, "PageRank degree", "Average out-degree of the generated graph (local).");
  p["pagerank_iterations"] = integer(5, 1, 1000, "PageRank iterations", "Power iterations per run (local).");
  p["gpu_sgemm_n"] =
      integer(4096, 64, 32768, "GPU SGEMM size", "Matrix order of the CUDA SGEMM (local, GPUs).");
  p["gpu_kernels"] =
      integer(10, 1, 1000, "GPU kernels per run", "SGEMM kernels per timed GPU run; the paper ran 100.");
  p["sample_interval_ms"] = {
      {"type", "number"},
      {"default", 10.0},
      {"minimum", 0.5},
      {"maximum", 10000.0},
      {"unit", "ms"},
      {"title", "Sensor sampling interval"},
      {"description", "How often clock, temperature and power are read during a run (local)."}};
  p["cores"] = {
      {"type", "string"},
      {"default", "all"},
      {"title", "CPU cores"},
      {"description", "Comma-separated logical CPUs to profile, or 'all' (those this process may use)."}};
  p["use_gpus"] = {{"type", "boolean"},
                   {"default", true},
                   {"title", "Profile GPUs"},
                   {"description",
                    "Run the CUDA kernel on each NVIDIA GPU when the build has it and a driver is present."}};
  p["devices"] = integer(
      4096, 0, 10000000, "Simulated GPUs",
      "GPUs to simulate on a cluster target: a random sample of this many, or 0 for the whole cluster.");
  p["variation_definition"] = {{"type", "string"},
                               {"default", "fences"},
                               {"enum", {"fences", "whiskers", "range"}},
                               {"title", "Variation definition"},
                               {"description",
                                "fences: (Q3+1.5IQR - (Q1-1.5IQR))/median, the artifact's definition; "
                                "whiskers: span of the box-plot whiskers; range: (max-min)/median."}};
  p["device_aggregate"] = {{"type", "string"},
                           {"default", "median"},
                           {"enum", {"median", "mean"}},
                           {"title", "Per-device aggregate"},
                           {"description", "How a device's runs are combined into its performance."}};
  p["bootstrap_resamples"] =
      integer(1000, 10, 100000, "Bootstrap resamples", "Resamples for the confidence intervals.");
  p["confidence"] = {{"type", "number"},
                     {"default", 0.95},
                     {"minimum", 0.5},
                     {"maximum", 0.999},
                     {"title", "Confidence level"},
                     {"description", "Of the bootstrap and correlation intervals."}};
  p["trace_devices"] =
      integer(8, 0, 100000, "Traced devices",
              "Devices per application whose runs are stored as traces (outliers first); 0 = all.");
  p["emit_points"] = {
      {"type", "boolean"},
      {"default", true},
      {"title", "Store per-device points"},
      {"description",
       "One point per application and device (needed by the box, scatter and ranking views)."}};
  return {{"type", "object"}, {"properties", p}, {"required", json::array()}};
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

/// The unit a local sample's series name ends in (duration_s, frequency_mhz, power_w,
/// temperature_c); empty for another name.
std::string unit_of_series(const std::string& series) {
  static const std::pair<const char*, const char*> kSuffixes[] = {
      {"_s", "s"}, {"_mhz", "MHz"}, {"_w", "W"}, {"_c", "°C"}};
  for (const auto& [suffix, unit] : kSuffixes) {
    const std::string_view sv(series), sf(suffix);
    if (sv.size() > sf.size() && sv.substr(sv.size() - sf.size()) == sf) return unit;
  }
  return {};
}

std::vector<int> parse_cores(const std::string& s) {
  std::vector<int> cpus;
  if (s == "all" || s.empty()) return cpus;
  for (const auto& item : split_list(s)) {
    try {
      std::size_t used = 0;
      const int c = std::stoi(item, &used);
      if (used != item.size() || c < 0) throw std::invalid_argument(item);
      cpus.push_back(c);
    } catch (const std::exception&) {
      throw InputError("parameter 'cores': '" + item + "' is not a CPU number; expected e.g. 0,1,2 or all");
    }
  }
  return cpus;
}

}  // namespace

ModuleInfo VariabilityModule::info() const {
  ModuleInfo m;
  m.id = "variability-profiler";
  m.name = "Variability profiler";
  m.version = "0.1.0";
  m.summary =
      "How much do identical processors differ, and why: runs the same kernels on every CPU core and GPU "
      "(or a simulated cluster, or imported measurements) and analyses performance variation, outliers, "
      "repeatability and its correlation with clock, power and temperature.";
  m.paper = {
      "Not All GPUs Are Created Equal: Characterizing Variability in Large-Scale, Accelerator-Rich Systems",
      "P. Sinha, A. Guliani, R. Jain, B. Tran, M. D. Sinclair, S. Venkataraman", "SC'22 (arXiv v3 followed)",
      "https://arxiv.org/abs/2208.11035"};
  m.params = params_schema();
  using D = Direction;
  m.metrics = {
      {"variation_pct", "%", D::Minimize,
       "Performance variation averaged over applications (fence definition)"},
      {"variation_pct_ci_low", "%", D::Minimize, "Bootstrap interval of variation_pct, lower end"},
      {"variation_pct_ci_high", "%", D::Minimize, "Bootstrap interval of variation_pct, upper end"},
      {"variation_max_pct", "%", D::Minimize, "Largest variation of any application"},
      {"max_slowdown", "", D::Minimize, "Slowest device's duration relative to the median device"},
      {"outliers", "", D::Minimize, "Device results outside the Tukey fences, over all applications"},
      {"devices", "", D::Maximize, "Devices measured"},
      {"runs", "", D::Maximize, "Runs measured"},
      {"applications", "", D::Maximize, "Applications analysed"},
      {"frequency_available", "", D::Maximize, "1 if clock frequency was measured"},
      {"power_available", "", D::Maximize, "1 if power was measured"},
      {"temperature_available", "", D::Maximize, "1 if temperature was measured"},
  };
  m.targets = {"local", "cluster:*", "csv:*"};
  m.default_objectives = {"power_w", "norm_perf"};
  m.presets = {
      {"smoke",
       {{"repetitions", 2},
        {"warmup", 0},
        {"gemm_n", 64},
        {"triad_mib", 2},
        {"pagerank_nodes", 4096},
        {"bootstrap_resamples", 200},
        {"devices", 1000}}},
      {"thorough",
       {{"repetitions", 20},
        {"warmup", 2},
        {"gemm_n", 512},
        {"triad_mib", 64},
        {"pagerank_nodes", 262144},
        {"devices", 0}}},
  };
  return m;
}

void VariabilityModule::run(RunContext& ctx) {
  const auto& t = ctx.target();
  const std::string apps = ctx.param<std::string>("applications");
  const std::vector<std::string> app_list = apps == "all" ? std::vector<std::string>{} : split_list(apps);
  Dataset data;
  std::vector<TraceSample> samples;

  if (t.kind == "local") {
    LocalOptions o;
    if (!app_list.empty()) o.applications = app_list;
    o.repetitions = ctx.param<int>("repetitions");
    o.warmup = ctx.param<int>("warmup");
    o.gemm_n = ctx.param<int>("gemm_n");
    o.triad_mib = ctx.param<int>("triad_mib");
    o.pagerank_nodes = ctx.param<int>("pagerank_nodes");
    o.pagerank_degree = ctx.param<int>("pagerank_degree");
    o.pagerank_iterations = ctx.param<int>("pagerank_iterations");
    o.gpu_sgemm_n = ctx.param<int>("gpu_sgemm_n");
    o.gpu_kernels = ctx.param<int>("gpu_kernels");
    o.sample_interval_ms = ctx.param<double>("sample_interval_ms");
    o.cpus = parse_cores(ctx.param<std::string>("cores"));
    o.use_gpus = ctx.param<bool>("use_gpus");
    o.seed = ctx.seed();
    LocalResult r = profile_local(
        o, [&](double f, const std::string& msg) { ctx.progress(0.9 * f, msg); },
        [&] { return ctx.cancelled(); });
    for (const auto& f : r.found) ctx.info("sensor available: " + f);
    for (const auto& m : r.missing) ctx.warn("sensor missing: " + m);
    data = std::move(r.data);
    samples = std::move(r.samples);
  } else if (t.kind == "cluster" || t.kind == "simulated") {
    const ClusterPreset preset = find_cluster_preset(t.name, preset_dirs());
    SimOptions o;
    o.applications = app_list;
    o.repetitions = ctx.param<int>("repetitions");
    o.devices = static_cast<std::size_t>(ctx.param<int>("devices"));
    o.seed = ctx.seed();
    ctx.progress(0.0, "simulating " + preset.name);
    ctx.info("cluster preset " + preset.id + " from " + preset.file.string() + ": " +
             std::to_string(preset.gpus()) + " x " + preset.gpu_model + ", " + preset.cooling +
             ", power cap " + std::to_string(static_cast<int>(preset.power_cap_w)) + " W");
    data = simulate_cluster(preset, o, [&] { return ctx.cancelled(); });
  } else if (t.kind == "csv") {
    ctx.progress(0.0, "reading " + t.name);
    data = read_measurements_csv(t.name);
    if (!app_list.empty()) {
      Dataset keep;
      keep.source = data.source;
      for (const auto& m : data.runs) {
        const std::string& an = data.applications[m.application];
        if (std::find(app_list.begin(), app_list.end(), an) == app_list.end()) continue;
        Measurement k = m;
        const Device& d = data.devices[m.device];
        k.device = keep.device(d.id, d.node, d.label);
        k.application = keep.application(an);
        keep.runs.push_back(k);
      }
      data = std::move(keep);
    }
  } else {
    throw InputError("target '" + t.id + "': expected local, cluster:<preset> or csv:<path>");
  }
  ctx.throw_if_cancelled();

  AnalysisOptions ao;
  ao.definition = stats::variation_from_string(ctx.param<std::string>("variation_definition"));
  ao.aggregate_by_median = ctx.param<std::string>("device_aggregate") == "median";
  ao.bootstrap_resamples = static_cast<std::size_t>(ctx.param<int>("bootstrap_resamples"));
  ao.confidence = ctx.param<double>("confidence");
  ao.seed = ctx.seed();
  ctx.progress(0.9, "analysing " + std::to_string(data.runs.size()) + " runs on " +
                        std::to_string(data.devices.size()) + " devices");
  const Report report = analyse(data, ao);
  for (const auto& n : report.notes) ctx.warn(n);
  for (const auto& app : report.apps)
    for (const auto& n : app.notes) ctx.info(app.application + ": " + n);

  emit_metrics(ctx, data, report);
  if (data.devices.size() <= kLoggedDevices) log_device_results(ctx, data, report);
  if (ctx.param<bool>("emit_points")) emit_points(ctx, data, report);
  ctx.progress(0.95, "storing traces");
  // The local samples' series ("<app>/<device>/duration_s", "<device>/power_w", ...) in campaign
  // time, each declared with the unit its name ends in.
  std::set<std::string> declared;
  for (const auto& s : samples)
    if (declared.insert(s.series).second) ctx.declare_series(s.series, unit_of_series(s.series), "campaign time (s)");
  for (const auto& s : samples) ctx.trace(s.series, s.t, s.value);
  if (t.kind != "local")
    emit_device_traces(ctx, data, report, static_cast<std::size_t>(ctx.param<int>("trace_devices")));
  emit_measurements_artifact(ctx, data);
  ctx.progress(1.0, "done");
}

}  // namespace plab::variability
