#include "plugins/energy-tuner/src/module_local.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/opt/optimizer.h"
#include "core/util/error.h"
#include "plugins/energy-tuner/src/local_mlp.h"

namespace plab::energy {

void run_local(RunContext& ctx) {
  const auto& P = ctx.params();
  const std::string optimiser = P["optimiser"].get<std::string>();
  if (optimiser == "evaluate" || optimiser == "default")
    throw InputError("optimiser: the local target supports bo, random and grid");
  const double slo = P["latency_slo_ms"].get<double>() > 0 ? P["latency_slo_ms"].get<double>() : 50.0;
  std::string why;
  const auto rapl = find_rapl_package("/", why);
  if (rapl) {
    ctx.info("energy from RAPL: " + rapl->first.string());
  } else {
    ctx.warn("no energy sensor readable on this machine (" + why +
             "): energy is not reported; the tuner minimises time per inference instead");
  }
  ctx.metric("energy_available", rapl ? 1 : 0);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> threads;
  for (int t = 1; t <= cores; t *= 2) threads.push_back(t);
  if (threads.back() != cores) threads.push_back(cores);
  const std::vector<int> batches = P["batch_size"].get<int>() > 0
                                       ? std::vector<int>{P["batch_size"].get<int>()}
                                       : std::vector<int>{1, 2, 4, 8, 16};
  Eigen::MatrixXd cand(static_cast<Eigen::Index>(threads.size() * batches.size()), 2);
  std::vector<std::pair<int, int>> cfg;
  for (std::size_t i = 0; i < threads.size(); ++i)
    for (std::size_t j = 0; j < batches.size(); ++j) {
      cand.row(static_cast<Eigen::Index>(cfg.size()))
          << (threads.size() > 1 ? double(i) / double(threads.size() - 1) : 0.5),
          (batches.size() > 1 ? double(j) / double(batches.size() - 1) : 0.5);
      cfg.emplace_back(threads[i], batches[j]);
    }
  const Mlp mlp(256, P["mlp_width"].get<int>(), P["mlp_layers"].get<int>(), 16, ctx.seed());
  opt::OptimizerOptions oo;
  oo.budget = P["budget"].get<std::size_t>();
  oo.initial_points = std::min<std::size_t>(P["initial_points"].get<std::size_t>(), cfg.size());
  oo.seed = ctx.seed();
  auto optimizer = opt::make_optimizer(optimiser, cand, oo);
  std::optional<LocalMeasurement> best;
  std::size_t n = 0;
  while (auto idx = optimizer->ask()) {
    ctx.throw_if_cancelled();
    const auto [t, b] = cfg[*idx];
    const LocalMeasurement m = measure_local(mlp, t, b, P["local_batches"].get<int>(),
                                             rapl ? rapl->first.string() : "", rapl ? rapl->second : 0);
    const bool ok = m.latency_p99_ms <= slo;
    const double objective = m.energy_j ? *m.energy_j : m.ms_per_inference;
    optimizer->tell(*idx, {std::log(objective), {std::log(m.latency_p99_ms / slo)}});
    Point p;
    p.config = {{"threads", t}, {"batch_size", b}, {"phase", "tune"}};
    p.metrics = {{"latency_p50_ms", m.latency_p50_ms},
                 {"latency_p99_ms", m.latency_p99_ms},
                 {"throughput_rps", m.throughput_rps},
                 {"ms_per_inference", m.ms_per_inference}};
    if (m.energy_j) p.metrics["energy_mj"] = *m.energy_j * 1000;
    p.feasible = ok;
    ctx.point(p);
    const double best_obj = best ? (best->energy_j ? *best->energy_j : best->ms_per_inference) : INFINITY;
    if (ok && objective < best_obj) best = m;
    ctx.progress(std::min(1.0, double(++n) / double(std::min(oo.budget, cfg.size()))),
                 "local configuration measured");
  }
  ctx.metric("evaluations", static_cast<double>(n));
  ctx.metric("latency_slo_ms", slo);
  if (!best) {
    ctx.warn("no local configuration met the latency SLO");
    ctx.metric("feasible_found", 0);
    return;
  }
  ctx.metric("feasible_found", 1);
  ctx.metric("best_threads", best->threads);
  ctx.metric("best_batch_size", best->batch);
  ctx.metric("ms_per_inference", best->ms_per_inference);
  ctx.metric("best_latency_p99_ms", best->latency_p99_ms);
  ctx.metric("best_throughput_rps", best->throughput_rps);
  if (best->energy_j) ctx.metric("best_energy_mj", *best->energy_j * 1000);
}

}  // namespace plab::energy
