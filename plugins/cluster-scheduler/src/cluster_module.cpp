#include "plugins/cluster-scheduler/src/cluster_module.h"

#include <sstream>

#include "core/util/error.h"
#include "core/util/paths.h"
#include "plugins/cluster-scheduler/src/metrics.h"
#include "plugins/cluster-scheduler/src/synthetic.h"
#include "plugins/cluster-scheduler/src/trace_io.h"

namespace plab::cluster {
namespace {

using nlohmann::json;

json num(double def, double lo, double hi, const char* title, const char* desc, const char* unit = "") {
  json j = {{"type", "number"}, {"default", def}, {"minimum", lo}, {"maximum", hi}, {"title", title}, {"description", desc}};
  if (*unit) j["unit"] = unit;
  return j;
}
json integer(int def, int lo, int hi, const char* title, const char* desc) {
  return {{"type", "integer"}, {"default", def}, {"minimum", lo}, {"maximum", hi}, {"title", title}, {"description", desc}};
}
json str(const char* def, const char* title, const char* desc) {
  return {{"type", "string"}, {"default", def}, {"title", title}, {"description", desc}};
}

json params_schema() {
  json p = json::object();
  p["policy"] = {{"type", "string"}, {"default", "shockwave"}, {"enum", policy_names()}, {"title", "Policy"},
                 {"description", "Scheduling policy: fifo, max-min (Gavel), themis, allox, shockwave, jigsaw."}};
  p["trace"] = str("synthetic", "Trace",
                   "'synthetic' (generator below), a file path, or shared:<path> under the shared public data "
                   "(e.g. shared:cluster-traces/shockwave/traces/120_0.2_5_100_40_25_0,0.5,0.5_0.6,0.3,0.09,0.01_multigpu_dynamic.trace).");
  p["trace_format"] = {{"type", "string"}, {"default", "auto"}, {"enum", {"auto", "gavel", "shockwave", "philly", "csv"}},
                       {"title", "Trace format"}, {"description", "auto: .json Philly, .csv generic CSV, else Gavel/Shockwave TSV."}};
  p["throughputs"] = str("shared:cluster-traces/shockwave/tacc_throughputs.json", "Throughput table",
                         "Gavel-schema JSON of steps/s per job type and GPU type (file path or shared:<path>).");
  p["cluster"] = str("v100:32", "Cluster", "GPUs per type, e.g. v100:32 or v100:36,p100:36,k80:36.");
  p["gpus_per_server"] = integer(4, 1, 64, "GPUs per server", "Placement: a job fits one server when it can.");
  p["round_s"] = num(120, 1, 86400, "Round length", "Scheduling round (Shockwave and Gavel: 120 s).", "s");
  p["preempt_cost_s"] = num(20, 0, 3600, "Preemption cost",
                            "Seconds of a round lost by a job that did not run in the previous round (the Shockwave artifact's simulator: 20).", "s");
  p["early_round_end"] = {{"type", "boolean"}, {"default", true}, {"title", "Rounds end with their last job"},
                          {"description", "As the artifact's simulator: a round whose jobs all finish early ends then; an idle cluster jumps to the next arrival."}};
  p["artifact_rules"] = {{"type", "boolean"}, {"default", true}, {"title", "Artifact job model"},
                         {"description", "Epochs from dataset sizes and the artifact's accordion/gns batch-size rules for the families it knows; off: epochs/accordion_critical/gns_interval."}};
  p["allox_artifact"] = {{"type", "boolean"}, {"default", true}, {"title", "AlloX as the artifact runs it"},
                         {"description", "Non-preemptive, oldest max(allox_alpha x waiting, free GPUs) jobs matched, Gavel's rounds; off: preemptive shortest-first matching every change."}};
  p["allox_alpha"] = num(0.2, 0, 1, "AlloX alpha", "Fraction of the waiting jobs (oldest first) AlloX matches (the artifact: 0.2).");
  p["gavel_reset_s"] = num(1000, 0, 1e6, "Gavel allocation interval",
                           "max-min and themis recompute their allocation at most this often (Gavel's minimum_time_between_allocation_resets).", "s");
  p["epochs"] = integer(50, 1, 10000, "Epochs per job", "Granularity of batch-size changes.");
  p["accordion_critical"] = num(0.3, 0, 1, "Accordion critical fraction", "Accordion keeps the initial batch size for this fraction of epochs, then uses the largest.");
  p["gns_interval"] = num(0.25, 0.01, 1, "GNS doubling interval", "GNS doubles the batch size after every such fraction of epochs.");
  p["max_jobs"] = integer(0, 0, 10000000, "Jobs to import", "First N jobs of a trace file; 0 = all.");
  p["synthetic_jobs"] = integer(120, 1, 10000000, "Synthetic jobs", "Jobs of the synthetic trace.");
  p["synthetic_jobs_per_hour"] = num(12, 0, 1e6, "Arrival rate", "Poisson arrivals per hour; 0 = all at t=0.", "1/h");
  p["synthetic_min_hours"] = num(0.2, 0.001, 1000, "Shortest job", "Isolated duration, log-uniform lower end.", "h");
  p["synthetic_max_hours"] = num(5, 0.001, 1000, "Longest job", "Isolated duration, log-uniform upper end.", "h");
  p["synthetic_gpu_mix"] = str("1:0.6,2:0.3,4:0.09,8:0.01", "GPU-count mix", "size:probability,...");
  p["synthetic_mode_mix"] = str("0,0.5,0.5", "Mode mix", "Probabilities of static, accordion, gns.");
  p["sw_horizon"] = integer(20, 1, 200, "Shockwave plan rounds", "Rounds planned by each MILP.");
  p["sw_resolve_every"] = integer(8, 1, 200, "Shockwave re-solve interval", "Rounds between re-solves (also on arrivals and completions).");
  p["sw_k"] = num(1e-3, 0, 1e9, "Shockwave k", "Weight of the largest shortfall (seconds) of planned against remaining time (makespan term).");
  p["sw_lambda"] = num(12, 0, 100, "Shockwave lambda", "Exponent of the rho weight when the fairness constraint is dropped.");
  p["sw_window_factor"] = num(0, 0, 1e6, "Shockwave window factor",
                              "Plan only the jobs first in line whose demand (GPUs x usable rounds) reaches this x the window's GPU-rounds; 0 plans all.");
  p["sw_time_limit_s"] = num(5, 0.01, 600, "CBC time limit", "Per Shockwave solve (a safety net; sw_max_nodes ends solves first).", "s");
  p["sw_max_nodes"] = integer(300, 0, 100000000, "CBC node limit",
                              "Branch-and-bound nodes per Shockwave solve (0: none); unlike the time limit it does not depend on the machine's load.");
  p["sw_milp_max_jobs"] = integer(200, 0, 1000000, "Shockwave MILP job limit",
                                  "Plans of more jobs use the rounded LP relaxation (CLP) instead of CBC.");
  p["spb_forward_share"] = num(0.33, 0, 1, "SPB forward share", "JigSaw assumption: forward pass share of an iteration.");
  p["spb_comm_share"] = num(0.2, 0, 1, "SPB communication share", "JigSaw assumption: gradient exchange share (multi-GPU).");
  p["spb_penalty"] = num(0.15, 0, 10, "SPB statistical penalty", "JigSaw assumption: extra iterations per extra partition.");
  p["spb_max_partitions"] = integer(4, 1, 64, "SPB partitions", "JigSaw: most partitions a job's network is split into.");
  p["job_traces"] = {{"type", "boolean"}, {"default", true}, {"title", "Per-job timelines"},
                     {"description", "Store each job's GPUs per round as a trace series job/<id>."}};
  return {{"type", "object"}, {"properties", p}, {"required", json::array()}};
}

std::filesystem::path resolve(const std::string& v, const std::string& field) {
  if (v.rfind("shared:", 0) == 0) {
    const auto dir = shared_data_dir();
    if (dir.empty())
      throw InputError("parameter '" + field + "': " + v + " needs the shared data folder (set PARETOLAB_SHARED_DATA)");
    return dir / v.substr(7);
  }
  return v;
}

std::vector<std::pair<double, double>> pairs(const std::string& s, const std::string& field) {
  std::vector<std::pair<double, double>> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto c = item.find(':');
    try {
      if (c == std::string::npos) out.push_back({0, std::stod(item)});
      else out.push_back({std::stod(item.substr(0, c)), std::stod(item.substr(c + 1))});
    } catch (const std::exception&) {
      throw InputError("parameter '" + field + "': '" + item + "' is not a number (or size:probability)");
    }
  }
  return out;
}

}  // namespace

ModuleInfo ClusterModule::info() const {
  ModuleInfo m;
  m.id = "cluster-scheduler";
  m.name = "GPU cluster schedulers";
  m.version = "0.1.0";
  m.summary =
      "Trace-driven, round-based simulation of a GPU cluster under Shockwave (market + dynamic programming for "
      "jobs that adapt their batch size), JigSaw's SPB-aware packing and the FIFO, Gavel max-min, Themis and "
      "AlloX baselines; reports makespan, completion times and finish-time fairness.";
  m.paper = {"Shockwave: Fair and Efficient Cluster Scheduling for Dynamic Adaptation in Machine Learning",
             "P. Zheng, R. Pan, T. Khan, S. Venkataraman, A. Akella", "NSDI'23", "https://arxiv.org/abs/2210.00093"};
  m.params = params_schema();
  using D = Direction;
  m.metrics = {
      {"makespan_s", "s", D::Minimize, "Last completion minus first arrival"},
      {"avg_jct_s", "s", D::Minimize, "Average job completion time"},
      {"p99_jct_s", "s", D::Minimize, "99th percentile of job completion time"},
      {"median_jct_s", "s", D::Minimize, "Median job completion time"},
      {"worst_rho", "", D::Minimize, "Largest finish-time fairness rho = JCT / (isolated x max(1, jobs/GPUs))"},
      {"avg_rho", "", D::Minimize, "Average rho"},
      {"unfair_pct", "%", D::Minimize, "Jobs with rho > 1.05"},
      {"gpu_utilisation", "", D::Maximize, "Busy GPU-time over GPUs x makespan"},
      {"jobs", "", D::Maximize, "Jobs simulated"},
      {"rounds", "", D::Minimize, "Scheduling rounds"},
      {"policy_seconds", "s", D::Minimize, "Wall time spent in the policy"},
  };
  m.targets = {"local"};
  m.default_objectives = {"makespan_s", "worst_rho"};
  m.presets = {{"shockwave-120", {{"trace", "shared:cluster-traces/shockwave/traces/120_0.2_5_100_40_25_0,0.5,0.5_0.6,0.3,0.09,0.01_multigpu_dynamic.trace"},
                                  {"cluster", "v100:32"}}},
               {"smoke", {{"synthetic_jobs", 20}, {"cluster", "v100:8"}, {"synthetic_jobs_per_hour", 20}}}};
  return m;
}

void ClusterModule::run(RunContext& ctx) {
  const auto table = ThroughputTable::load(resolve(ctx.param<std::string>("throughputs"), "throughputs"));
  const ClusterSpec cluster = ClusterSpec::parse(ctx.param<std::string>("cluster"), ctx.param<int>("gpus_per_server"));
  for (const auto& g : cluster.gpu_types)
    if (!table.has_gpu_type(g)) throw InputError("parameter 'cluster': GPU type '" + g + "' is not in " + table.source());
  std::vector<JobSpec> specs;
  const std::string trace = ctx.param<std::string>("trace");
  if (trace == "synthetic") {
    SyntheticParams sp;
    sp.jobs = ctx.param<int>("synthetic_jobs");
    sp.jobs_per_hour = ctx.param<double>("synthetic_jobs_per_hour");
    sp.min_hours = ctx.param<double>("synthetic_min_hours");
    sp.max_hours = ctx.param<double>("synthetic_max_hours");
    sp.gpu_sizes.clear();
    sp.gpu_probs.clear();
    for (const auto& [s, p] : pairs(ctx.param<std::string>("synthetic_gpu_mix"), "synthetic_gpu_mix")) {
      sp.gpu_sizes.push_back(static_cast<int>(s));
      sp.gpu_probs.push_back(p);
    }
    sp.mode_probs.clear();
    for (const auto& [_, p] : pairs(ctx.param<std::string>("synthetic_mode_mix"), "synthetic_mode_mix")) sp.mode_probs.push_back(p);
    sp.reference_gpu = cluster.gpu_types.front();
    specs = generate_trace(sp, table, cluster.gpu_types, ctx.seed());
  } else {
    ImportOptions io;
    io.format = ctx.param<std::string>("trace_format");
    io.seed = ctx.seed();
    io.table = &table;
    io.gpu_types = cluster.gpu_types;
    io.reference_gpu = cluster.gpu_types.front();
    io.max_jobs = ctx.param<int>("max_jobs");
    specs = load_trace(resolve(trace, "trace"), io);
  }
  AdaptationParams ap{ctx.param<int>("epochs"), ctx.param<double>("accordion_critical"), ctx.param<double>("gns_interval"),
                      ctx.param<bool>("artifact_rules")};
  std::vector<JobModel> jobs;
  jobs.reserve(specs.size());
  for (const auto& s : specs) jobs.emplace_back(s, table, cluster, ap);

  PolicyOptions po;
  po.gavel_reset_s = ctx.param<double>("gavel_reset_s");
  po.allox_artifact = ctx.param<bool>("allox_artifact");
  po.allox_alpha = ctx.param<double>("allox_alpha");
  po.sw_horizon = ctx.param<int>("sw_horizon");
  po.sw_resolve_every = ctx.param<int>("sw_resolve_every");
  po.sw_k = ctx.param<double>("sw_k");
  po.sw_lambda = ctx.param<double>("sw_lambda");
  po.sw_time_limit_s = ctx.param<double>("sw_time_limit_s");
  po.sw_max_nodes = ctx.param<int>("sw_max_nodes");
  po.sw_window_factor = ctx.param<double>("sw_window_factor");
  po.sw_milp_max_jobs = ctx.param<int>("sw_milp_max_jobs");
  po.spb_forward_share = ctx.param<double>("spb_forward_share");
  po.spb_comm_share = ctx.param<double>("spb_comm_share");
  po.spb_penalty = ctx.param<double>("spb_penalty");
  po.spb_max_partitions = ctx.param<int>("spb_max_partitions");
  auto policy = make_policy(ctx.param<std::string>("policy"), po);
  SimOptions so;
  so.round_len = ctx.param<double>("round_s");
  so.preempt_cost_s = ctx.param<double>("preempt_cost_s");
  so.early_round_end = ctx.param<bool>("early_round_end");
  ctx.info("simulating " + std::to_string(jobs.size()) + " jobs on " + std::to_string(cluster.total()) +
           " GPUs with " + policy->name());
  const SimResult r = simulate(jobs, cluster, *policy, so, [&](double f) {
    ctx.throw_if_cancelled();
    ctx.progress(f, "jobs finished");
  });
  if (const std::string bad = check_conservation(r); !bad.empty()) throw RunError("conservation check failed: " + bad);
  const Metrics m = compute_metrics(r);

  ctx.declare_series("cluster/busy_gpus", "GPUs", "simulated time (s)");
  ctx.trace("cluster/busy_gpus", r.round_start, r.round_busy);
  if (ctx.param<bool>("job_traces")) {
    std::vector<std::vector<std::pair<double, double>>> tl(jobs.size());
    for (const auto& rec : r.records) tl[rec.job].push_back({rec.start, double(rec.gpus.size())});
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      std::vector<double> t, v;
      double prev_end = -1;
      for (const auto& [start, g] : tl[i]) {
        if (prev_end >= 0 && start > prev_end + 1e-9) {  // a gap: it was waiting
          t.push_back(prev_end);
          v.push_back(0);
        }
        if (v.empty() || v.back() != g || (prev_end >= 0 && start > prev_end + 1e-9)) {
          t.push_back(start);
          v.push_back(g);
        }
        prev_end = start + so.round_len;
      }
      t.push_back(r.finish[i]);
      v.push_back(0);
      const std::string name = "job/" + std::to_string(specs[i].id);
      ctx.declare_series(name, "GPUs", "simulated time (s)");
      ctx.trace(name, t, v);
    }
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    Point p;
    p.config = {{"job", specs[i].id}, {"job_type", specs[i].job_type}, {"gpus", specs[i].num_gpus},
                {"mode", to_string(specs[i].mode)}, {"arrival_s", specs[i].arrival}};
    p.metrics = {{"jct_s", m.jct[i]}, {"rho", m.rho[i]}, {"isolated_s", r.isolated[i]}, {"finish_s", r.finish[i]}};
    p.feasible = m.rho[i] <= 1.05;
    ctx.point(p);
  }
  ctx.metric("makespan_s", m.makespan);
  ctx.metric("avg_jct_s", m.avg_jct);
  ctx.metric("p99_jct_s", m.p99_jct);
  ctx.metric("median_jct_s", m.median_jct);
  ctx.metric("worst_rho", m.worst_rho);
  ctx.metric("avg_rho", m.avg_rho);
  ctx.metric("unfair_pct", 100 * m.unfair_fraction);
  ctx.metric("gpu_utilisation", m.utilisation);
  ctx.metric("jobs", static_cast<double>(jobs.size()));
  ctx.metric("rounds", r.rounds);
  ctx.metric("policy_seconds", r.policy_seconds);
  ctx.progress(1.0, "done");
}

}  // namespace plab::cluster
