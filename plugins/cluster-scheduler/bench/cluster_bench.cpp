// bench-cluster: every policy on Shockwave's 120-job trace (32 V100s, the authors' TACC
// throughputs) beside the paper's figures, and the simulator's speed on the 900-job trace (all
// policies, 256 GPUs) and on a 10,000-job synthetic trace with max-min fairness.
// Usage: bench-cluster [--skip-speed | --speed-only [policy] | --calibration]. Needs the shared data
// ($PARETOLAB_SHARED_DATA). --calibration: lower bounds on the 120-job makespan and the baselines with
// each of the artifact-simulator calibrations turned off in turn.
// PLAB_BENCH_DEBUG=<policy> lists that policy's 12 jobs with the worst rho.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <map>
#include <string>

#include "core/util/paths.h"
#include "plugins/cluster-scheduler/src/metrics.h"
#include "plugins/cluster-scheduler/src/synthetic.h"
#include "plugins/cluster-scheduler/src/trace_io.h"

using namespace plab;
using namespace plab::cluster;

namespace {

struct Paper {
  double makespan, jct, rho, unfair;
};
// Shockwave (NSDI'23) with its own simulator: 120 jobs, 32 GPUs, TACC throughputs (issue 5).
const std::map<std::string, Paper> kPaper = {{"shockwave", {24197, 9958, 1.78, 5.0}},
                                             {"max-min", {33208, 11274, 2.95, 25.0}},
                                             {"themis", {31929, 11302, 3.44, 22.5}},
                                             {"allox", {32489, 9926, 4.96, 27.5}}};

struct Outcome {
  Metrics m;
  double seconds;
};

Outcome run(const std::vector<JobSpec>& specs, const ThroughputTable& t, const ClusterSpec& c, const std::string& policy,
            const PolicyOptions& po, std::string* stats = nullptr, const AdaptationParams& ap = {},
            const SimOptions& so = {}) {
  const auto w0 = std::chrono::steady_clock::now();
  std::vector<JobModel> jobs;
  for (const auto& s : specs) jobs.emplace_back(s, t, c, ap);
  auto p = make_policy(policy, po);
  const SimResult r = simulate(jobs, c, *p, so);
  if (stats) *stats = p->stats();
  if (std::getenv("PLAB_BENCH_DEBUG") && policy == std::getenv("PLAB_BENCH_DEBUG")) {
    const Metrics m = compute_metrics(r);
    std::vector<int> idx(r.finish.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
    std::sort(idx.begin(), idx.end(), [&](int a, int b) { return m.rho[a] > m.rho[b]; });
    std::vector<double> first(r.finish.size(), -1), ran(r.finish.size(), 0);
    for (const auto& rec : r.records) {
      if (first[rec.job] < 0) first[rec.job] = rec.start;
      ran[rec.job] += rec.end - rec.start;
    }
    auto show = [&](int i) {
      std::printf("  job %3d arrive %7.0f iso %6.0f gpus %d first run %7.0f ran %6.0f finish %7.0f rho %.2f\n", i,
                  r.arrival[i], r.isolated[i], r.gpus[i], first[i], ran[i], r.finish[i], m.rho[i]);
    };
    std::printf(" worst rho:\n");
    for (int q = 0; q < 12 && q < static_cast<int>(idx.size()); ++q) show(idx[q]);
    std::sort(idx.begin(), idx.end(), [&](int a, int b) { return r.finish[a] > r.finish[b]; });
    std::printf(" last to finish:\n");
    for (int q = 0; q < 8 && q < static_cast<int>(idx.size()); ++q) show(idx[q]);
    std::printf(" busy GPUs per 2,000 s:");
    for (double w = 0; w < m.makespan; w += 2000) {
      double busy = 0;
      for (const auto& rec : r.records)
        busy += std::max(0.0, std::min(rec.end, w + 2000) - std::max(rec.start, w)) * rec.gpus.size();
      std::printf(" %.1f", busy / 2000);
    }
    std::printf("\n");
  }
  const std::string bad = check_conservation(r);
  if (!bad.empty()) std::printf("  CONSERVATION FAILED (%s): %s\n", policy.c_str(), bad.c_str());
  return {compute_metrics(r), std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count()};
}

/// Lower bounds on the makespan and the baselines with each calibration turned off in turn.
void calibration(const std::vector<JobSpec>& specs, const ThroughputTable& t, const ClusterSpec& c) {
  std::vector<JobModel> jobs;
  for (const auto& s : specs) jobs.emplace_back(s, t, c, AdaptationParams{});
  double gpu_s = 0, path = 0, first = 1e300;
  for (const auto& j : jobs) {
    const double alone = j.remaining_time(0, 0);  // as simulated (no restart cost)
    gpu_s += alone * j.spec().num_gpus;
    path = std::max(path, j.spec().arrival + alone);
    first = std::min(first, j.spec().arrival);
  }
  std::printf("Lower bounds on the makespan: work %.0f GPU-s / %d GPUs = %.0f s (+ first arrival %.0f); "
              "latest arrival + isolated time %.0f s\n", gpu_s, c.total(), gpu_s / c.total(), first, path);
  struct Variant {
    const char* name;
    AdaptationParams ap;
    SimOptions so;
    double reset;
  };
  std::vector<Variant> vs(6);
  vs[0].name = "all calibrations (default)";
  vs[1].name = "no restart cost (preempt_cost_s=0)";
  vs[1].so.preempt_cost_s = 0;
  vs[2].name = "rounds always 120 s (early_round_end off)";
  vs[2].so.early_round_end = false;
  vs[3].name = "epoch fractions (artifact_rules off)";
  vs[3].ap.artifact_rules = false;
  vs[4].name = "allocation every change (gavel_reset_s=0)";
  vs[5].name = "none (the previous simulator)";
  vs[5].so.preempt_cost_s = 0;
  vs[5].so.early_round_end = false;
  vs[5].ap.artifact_rules = false;
  for (auto& v : vs) v.reset = 1000;
  vs[4].reset = vs[5].reset = 0;
  std::printf("%-44s %-8s %9s %9s %6s %6s\n", "variant", "policy", "makespan", "avg JCT", "rho", "unfair");
  for (const auto& v : vs) {
    for (const char* p : {"fifo", "max-min", "themis", "allox"}) {
      PolicyOptions po;
      po.gavel_reset_s = v.reset;
      const Outcome o = run(specs, t, c, p, po, nullptr, v.ap, v.so);
      std::printf("%-44s %-8s %9.0f %9.0f %6.2f %6.1f\n", v.name, p, o.m.makespan, o.m.avg_jct, o.m.worst_rho,
                  100 * o.m.unfair_fraction);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool skip_speed = argc > 1 && std::strcmp(argv[1], "--skip-speed") == 0;
  const bool speed_only = argc > 1 && std::strcmp(argv[1], "--speed-only") == 0;
  const std::string only = speed_only && argc > 2 ? argv[2] : "";  // one policy (for profiling)
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const auto dir = shared_data_dir();
  if (dir.empty()) {
    std::printf("bench-cluster: shared data not found (set PARETOLAB_SHARED_DATA); nothing to do\n");
    return 0;
  }
  const auto base = dir / "cluster-traces" / "shockwave";
  const auto table = ThroughputTable::load(base / "tacc_throughputs.json");
  const auto c32 = ClusterSpec::parse("v100:32", 4);
  const auto t120 = load_trace(base / "traces" / "120_0.2_5_100_40_25_0,0.5,0.5_0.6,0.3,0.09,0.01_multigpu_dynamic.trace", {});

  if (argc > 1 && std::strcmp(argv[1], "--calibration") == 0) {
    calibration(t120, table, c32);
    return 0;
  }
  PolicyOptions po;  // 32 GPUs: k = 1e-3, lambda = 12 (the artifact's configuration)
  // Experiments: PLAB_SW_<K|LAMBDA|CAP|TIME_LIMIT> override Shockwave's options.
  if (const char* e = std::getenv("PLAB_SW_K")) po.sw_k = std::atof(e);
  if (const char* e = std::getenv("PLAB_SW_LAMBDA")) po.sw_lambda = std::atof(e);
  if (const char* e = std::getenv("PLAB_SW_CAP")) po.sw_weight_cap = std::atof(e);
  if (const char* e = std::getenv("PLAB_SW_TIME_LIMIT")) po.sw_time_limit_s = std::atof(e);
  if (const char* e = std::getenv("PLAB_SW_NODES")) po.sw_max_nodes = std::atoi(e);
  if (!speed_only) {
  std::printf("Shockwave 120-job trace, 32 V100, TACC throughputs, 120 s rounds (ours | paper)\n");
  std::printf("%-10s %21s %21s %15s %15s %8s\n", "policy", "makespan s", "avg JCT s", "worst rho", "unfair %", "time s");
  std::map<std::string, Metrics> ours;
  for (const auto& name : policy_names()) {
    if (std::getenv("PLAB_BENCH_ONLY") && name != std::getenv("PLAB_BENCH_ONLY")) continue;
    std::string stats;
    const Outcome o = run(t120, table, c32, name, po, &stats);
    ours[name] = o.m;
    if (!stats.empty()) std::printf("  (%s: %s)\n", name.c_str(), stats.c_str());
    const auto it = kPaper.find(name);
    char paper[4][16] = {"-", "-", "-", "-"};
    if (it != kPaper.end()) {
      std::snprintf(paper[0], 16, "%.0f", it->second.makespan);
      std::snprintf(paper[1], 16, "%.0f", it->second.jct);
      std::snprintf(paper[2], 16, "%.2f", it->second.rho);
      std::snprintf(paper[3], 16, "%.1f", it->second.unfair);
    }
    std::printf("%-10s %9.0f | %9s %9.0f | %9s %6.2f | %6s %6.1f | %6s %8.2f\n", name.c_str(), o.m.makespan, paper[0],
                o.m.avg_jct, paper[1], o.m.worst_rho, paper[2], 100 * o.m.unfair_fraction, paper[3], o.seconds);
  }
  std::printf("\nShockwave's gains over the fair baselines (ours | paper):\n");
  const auto& sw = ours["shockwave"];
  for (const char* b : {"max-min", "themis", "allox"}) {
    const auto& o = ours[b];
    const auto& p = kPaper.at(b);
    const auto& ps = kPaper.at("shockwave");
    std::printf("  vs %-8s makespan x%.2f | x%.2f   worst rho x%.2f | x%.2f   unfair %.1f%% vs %.1f%% | %.1f%% vs %.1f%%\n", b,
                o.makespan / sw.makespan, p.makespan / ps.makespan, o.worst_rho / sw.worst_rho, p.rho / ps.rho,
                100 * sw.unfair_fraction, 100 * o.unfair_fraction, ps.unfair, p.unfair);
  }
  std::printf("  (paper's headline: 1.3x makespan, 2x fairness over fair schedulers)\n");
  for (const char* b : {"max-min", "themis", "allox"}) {
    const auto& p = kPaper.at(b);
    std::printf("  %-8s within 10%% of the paper: makespan %s, avg JCT %s\n", b,
                std::abs(ours[b].makespan / p.makespan - 1) <= 0.1 ? "yes" : "no",
                std::abs(ours[b].avg_jct / p.jct - 1) <= 0.1 ? "yes" : "no");
  }
  }
  if (skip_speed) return 0;

  std::printf("\nSpeed: 900-job trace, 256 V100 (all policies)\n");
  const auto c256 = ClusterSpec::parse("v100:256", 4);
  const auto t900 = load_trace(base / "traces" / "900_0.2_5_100_5_15_0,0.5,0.5_0.6,0.3,0.09,0.01_multigpu_dynamic.trace", {});
  PolicyOptions big = po;
  big.sw_k = 10;
  big.sw_lambda = 5;  // the artifact's 64-256 GPU configuration
  double total = 0;
  for (const auto& name : policy_names()) {
    if (!only.empty() && name != only) continue;
    const Outcome o = run(t900, table, c256, name, big);
    total += o.seconds;
    std::printf("  %-10s %7.2f s  (makespan %.0f s, avg JCT %.0f s, worst rho %.2f)\n", name.c_str(), o.seconds,
                o.m.makespan, o.m.avg_jct, o.m.worst_rho);
  }
  std::printf("  all policies: %.1f s (target < 60 s)\n", total);

  if (!only.empty() && only != "max-min") return 0;
  SyntheticParams sp;
  sp.jobs = 10000;
  sp.jobs_per_hour = 100;
  const auto syn = generate_trace(sp, table, c256.gpu_types, 1);
  const Outcome o = run(syn, table, c256, "max-min", big);
  std::printf("\nSpeed: 10,000-job synthetic trace (100 jobs/h), 256 V100, max-min: %.2f s (target < 10 s); "
              "makespan %.0f s, utilisation %.2f\n", o.seconds, o.m.makespan, o.m.utilisation);
  return 0;
}
