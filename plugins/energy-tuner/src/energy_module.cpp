#include "plugins/energy-tuner/src/energy_module.h"

#include <cmath>
#include <sstream>

#include "core/hw/device_model.h"
#include "core/util/error.h"
#include "plugins/energy-tuner/src/module_local.h"
#include "plugins/energy-tuner/src/tuner.h"

namespace plab::energy {
namespace {

using nlohmann::json;

json number(double def, double lo, double hi, const char* title, const char* desc, const char* unit = "") {
  json j = {{"type", "number"}, {"default", def}, {"minimum", lo},
            {"maximum", hi},    {"title", title}, {"description", desc}};
  if (*unit) j["unit"] = unit;
  return j;
}
json integer(int def, int lo, int hi, const char* title, const char* desc) {
  return {{"type", "integer"}, {"default", def}, {"minimum", lo},
          {"maximum", hi},     {"title", title}, {"description", desc}};
}

void report_point(RunContext& ctx, const Evaluation& e, const std::string& phase) {
  Point p;
  p.config = e.config.to_json();
  p.config["phase"] = phase;
  if (phase == "cpu") p.config.erase("batch_size");
  p.metrics = {{"energy_mj", e.measured.energy_j * 1000},
               {"latency_p50_ms", e.measured.latency_p50_ms},
               {"latency_p99_ms", std::max(e.measured.latency_p99_ms, e.ft.p99_ms)},
               {"throughput_rps", e.measured.throughput_rps},
               {"true_energy_mj", e.truth.energy_j * 1000}};
  if (e.ft.micro_batch > 0) p.metrics["finetune_completion_s"] = e.ft.completion_s;
  p.feasible = e.feasible;
  p.label = e.label;
  ctx.point(p);
}

void run_simulated(RunContext& ctx, const hw::DeviceModel& device) {
  const json& P = ctx.params();
  TunerOptions o;
  o.optimiser = P["optimiser"].get<std::string>();
  o.budget = P["budget"].get<std::size_t>();
  o.initial_points = P["initial_points"].get<std::size_t>();
  o.patience = P["patience"].get<std::size_t>();
  o.ei_stop = P["ei_stop"].get<double>();
  o.batch = P["batch_size"].get<int>();
  o.tune_cpu = P["tune_cpu"].get<bool>();
  o.workload.slo_ms = P["latency_slo_ms"].get<double>();
  o.workload.rate_rps = P["request_rate"].get<double>();
  o.finetune.period_s = P["finetune_period_s"].get<double>();
  o.finetune.samples = P["finetune_samples"].get<int>();
  o.finetune.batch = P["finetune_batch"].get<int>();
  o.seed = ctx.seed();
  EnergyTuner tuner(device, P["model"].get<std::string>(), o);
  const Workload& w = tuner.workload();
  ctx.metric("latency_slo_ms", w.slo_ms);
  ctx.metric("request_rate_rps", w.rate_rps);

  if (o.optimiser == "evaluate") {
    const std::string text = P["config"].get<std::string>();
    if (text.empty())
      throw InputError("config: expected a JSON object of knob values for optimiser=evaluate");
    json cj;
    try {
      cj = json::parse(text);
    } catch (const json::exception& e) {
      throw InputError(std::string("config: invalid JSON: ") + e.what());
    }
    const Evaluation e = tuner.evaluate(tuner.config_from_json(cj), ctx.rng());
    report_point(ctx, e, "evaluate");
    ctx.metric("energy_mj", e.measured.energy_j * 1000);
    ctx.metric("true_energy_mj", e.truth.energy_j * 1000);
    ctx.metric("latency_p50_ms", e.measured.latency_p50_ms);
    ctx.metric("latency_p99_ms", std::max(e.measured.latency_p99_ms, e.ft.p99_ms));
    ctx.metric("throughput_rps", e.measured.throughput_rps);
    ctx.metric("feasible", e.feasible ? 1 : 0);
    ctx.metric("true_feasible", e.true_feasible ? 1 : 0);
    ctx.progress(1.0, "evaluated");
    return;
  }

  const std::size_t expected = o.optimiser == "default" ? 1 : o.budget;
  std::size_t cpu_points = 0;
  ctx.declare_series("best_energy_mj", "mJ", "evaluation");
  double best = INFINITY;
  TuningResult r = tuner.run(
      [&](const Evaluation& e, std::size_t i) {
        if (e.label == "cpu") {
          ++cpu_points;
          report_point(ctx, e, "cpu");
          return;
        }
        report_point(ctx, e, "tune");
        const double n = static_cast<double>(i + 1 - cpu_points);
        if (e.feasible) best = std::min(best, e.measured.energy_j * 1000);
        if (std::isfinite(best)) ctx.trace("best_energy_mj", n, best);
        ctx.progress(std::min(1.0, n / static_cast<double>(expected)),
                     "evaluation " + std::to_string(i + 1 - cpu_points));
      },
      [&] { return ctx.cancelled(); });
  ctx.throw_if_cancelled();
  report_point(ctx, r.default_config, "baseline");

  ctx.metric("evaluations", static_cast<double>(r.evaluations.size()));
  if (!r.stop_reason.empty()) ctx.info("optimiser stopped: " + r.stop_reason);
  ctx.metric("grid_size", static_cast<double>(r.grid_size));
  ctx.metric("default_energy_mj", r.default_config.truth.energy_j * 1000);
  if (r.cpu_freq > 0) ctx.metric("cpu_freq_mhz", r.cpu_freq);
  if (r.optimum_energy_j) ctx.metric("optimum_energy_mj", *r.optimum_energy_j * 1000);
  ctx.metric("reached_within_5pct", r.evals_to_within_5pct ? 1 : 0);
  if (r.evals_to_within_5pct)
    ctx.metric("evals_to_within_5pct", static_cast<double>(*r.evals_to_within_5pct));
  if (o.finetune.enabled()) ctx.metric("predictor_mae_ms", r.predictor_mae_ms);
  if (!r.best) {
    ctx.warn("no feasible configuration was measured: every evaluation missed the SLO" +
             std::string(o.finetune.enabled() ? " or could not finish fine-tuning within its period" : ""));
    ctx.metric("feasible_found", 0);
    return;
  }
  const Evaluation& b = r.evaluations[*r.best];
  ctx.metric("feasible_found", 1);
  ctx.metric("best_energy_mj", b.measured.energy_j * 1000);
  ctx.metric("best_true_energy_mj", b.truth.energy_j * 1000);
  ctx.metric("saving_vs_default_pct", 100.0 * (1.0 - b.truth.energy_j / r.default_config.truth.energy_j));
  ctx.metric("best_latency_p99_ms", std::max(b.measured.latency_p99_ms, b.ft.p99_ms));
  ctx.metric("best_throughput_rps", b.measured.throughput_rps);
  ctx.metric("best_batch_size", b.config.batch);
  if (o.finetune.enabled()) {
    ctx.metric("finetune_micro_batch", b.ft.micro_batch);
    ctx.metric("finetune_completion_s", b.ft.completion_s);
    ctx.metric("finetune_energy_j", b.ft.energy_j);
  }
  std::ostringstream msg;
  msg << "best feasible: " << b.config.to_json().dump() << " " << b.measured.energy_j * 1000
      << " mJ per inference, p99 " << b.measured.latency_p99_ms << " ms; default "
      << r.default_config.truth.energy_j * 1000 << " mJ";
  ctx.info(msg.str());
}

}  // namespace

ModuleInfo EnergyTunerModule::info() const {
  ModuleInfo m;
  m.id = "energy-tuner";
  m.name = "Energy tuner (PolyThrottle)";
  m.version = "0.1.0";
  m.summary =
      "Chooses CPU, GPU and memory frequencies (or a GPU power limit) and the batch size that minimise "
      "energy per "
      "inference while the latency SLO holds, by constrained Bayesian optimisation, with periodic "
      "fine-tuning "
      "scheduled beside inference only where predicted latency stays within the SLO.";
  m.paper = {"PolyThrottle: Energy-efficient Neural Network Inference on Edge Devices",
             "M. Yan, H. Wang, S. Venkataraman", "MLSys 2024 (arXiv 2310.19991)",
             "https://arxiv.org/abs/2310.19991"};
  json p = json::object();
  p["model"] = {
      {"type", "string"},
      {"default", "efficientnet-b0"},
      {"title", "Model"},
      {"description",
       "Inference model of the device file (efficientnet-b0, resnet-50, bert-base); local: ignored"}};
  p["optimiser"] = {{"type", "string"},
                    {"default", "bo"},
                    {"enum", {"bo", "random", "grid", "default", "evaluate"}},
                    {"title", "Optimiser"},
                    {"description",
                     "bo: constrained Bayesian optimisation (PolyThrottle); random; grid: exhaustive; "
                     "default: only the default configuration; evaluate: measure the one given in 'config'"}};
  p["config"] = {{"type", "string"},
                 {"default", ""},
                 {"title", "Configuration (evaluate)"},
                 {"description",
                  "JSON object of knob values and batch_size, e.g. "
                  "{\"gpu_max_freq\":624.75,\"emc_freq\":2133,\"batch_size\":4}"}};
  p["budget"] = integer(30, 1, 100000, "Budget", "Evaluations at most (after the CPU phase)");
  p["initial_points"] =
      integer(6, 1, 1000, "Initial design", "Latin-hypercube points before the GP model is used (bo)");
  p["patience"] =
      integer(0, 0, 100000, "Patience", "Stop after this many evaluations without improvement (0: off)");
  p["ei_stop"] =
      number(0, 0, 10, "EI stop",
             "bo: stop when the best constrained expected improvement of log energy falls below this "
             "(0.002 = 0.2% expected saving); 0: off");
  p["batch_size"] =
      integer(0, 0, 4096, "Batch size", "0: tuned over the device's batch sizes; otherwise fixed");
  p["tune_cpu"] = {{"type", "boolean"},
                   {"default", true},
                   {"title", "Tune CPU frequency"},
                   {"description", "Phase 1: choose the CPU frequency on its own (Jetsons)"}};
  p["latency_slo_ms"] = number(0, 0, 1e6, "Latency SLO",
                               "p99 latency bound; 0: the model's default from the device file", "ms");
  p["request_rate"] = number(0, 0, 1e6, "Request rate", "Requests per second; 0: the model's default", "1/s");
  p["finetune_period_s"] =
      number(0, 0, 1e6, "Fine-tuning period", "A fine-tuning request every this many seconds; 0: none", "s");
  p["finetune_samples"] = integer(256, 1, 10000000, "Fine-tuning size", "Samples per fine-tuning request");
  p["finetune_batch"] = integer(8, 1, 4096, "Fine-tuning batch", "Samples per fine-tuning step");
  p["mlp_width"] =
      integer(512, 8, 8192, "MLP width (local)", "Hidden units per layer of the local CPU network");
  p["mlp_layers"] = integer(4, 1, 64, "MLP layers (local)", "Hidden layers of the local CPU network");
  p["local_batches"] =
      integer(60, 5, 100000, "Batches per measurement (local)", "Batches run per local configuration");
  m.params = {{"type", "object"}, {"properties", p}};
  using D = Direction;
  m.metrics = {
      {"best_energy_mj", "mJ", D::Minimize,
       "Measured energy per inference of the best feasible configuration"},
      {"best_true_energy_mj", "mJ", D::Minimize, "Noise-free model energy of that configuration"},
      {"default_energy_mj", "mJ", D::Minimize,
       "Energy per inference of the default (maximum-performance) configuration"},
      {"saving_vs_default_pct", "%", D::Maximize, "Energy saved against the default configuration"},
      {"optimum_energy_mj", "mJ", D::Minimize, "Exhaustive feasible optimum of the grid (noise-free)"},
      {"evals_to_within_5pct", "", D::Minimize, "Evaluations until one came within 5% of the optimum"},
      {"evaluations", "", D::Minimize, "Configurations evaluated (after the CPU phase)"},
      {"best_latency_p99_ms", "ms", D::Minimize, "p99 latency of the best configuration"},
      {"best_throughput_rps", "1/s", D::Maximize, "Sustainable throughput of the best configuration"},
      {"ms_per_inference", "ms", D::Minimize, "local: time per inference of the best configuration"},
  };
  m.targets = {"simulated:*", "local"};
  m.default_objectives = {"energy_mj", "latency_p99_ms"};
  m.presets = {{"quick", {{"budget", 15}}}, {"exhaustive", {{"optimiser", "grid"}, {"budget", 100000}}}};
  return m;
}

void EnergyTunerModule::run(RunContext& ctx) {
  const hw::TargetInfo& t = ctx.target();
  if (t.kind == "local") {
    run_local(ctx);
    return;
  }
  if (t.kind != "simulated") throw InputError("target '" + t.id + "': expected simulated:<device> or local");
  const hw::DeviceModel device =
      hw::device_model_from_json(t.model, t.source.empty() ? t.name : t.source.string(), t.name);
  run_simulated(ctx, device);
}

}  // namespace plab::energy
