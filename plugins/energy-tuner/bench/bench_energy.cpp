// bench-energy: for every simulated device and model, over 10 seeds, the median number of
// evaluations constrained BO and random search need to come within 5% of the exhaustive feasible
// optimum, the energy saved against the default configuration (PolyThrottle: up to 36%), and
// Optuna's TPE sampler on the same objective through `paretolab-cli ... optimiser=evaluate`.
//
//   build/bin/bench-energy [--seeds N] [--budget N] [--optuna-trials N] [--optuna-seeds N]
//                          [--optuna-devices all|none|<id>,...] [--devices all|<id>,...]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/hw/device_model.h"
#include "plugins/energy-tuner/src/tuner.h"

namespace {

using namespace plab;

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Runs that never came within 5% count as budget + 1 (so the median is an upper bound then).
std::string summarise(const std::vector<double>& evals, std::size_t budget) {
  std::ostringstream s;
  const auto reached =
      std::count_if(evals.begin(), evals.end(), [&](double e) { return e <= double(budget); });
  s << median(evals) << " (" << reached << "/" << evals.size() << ")";
  return s.str();
}

struct Args {
  int seeds = 10;
  std::size_t budget = 40;
  int optuna_trials = 40;
  int optuna_seeds = 10;
  std::string optuna_devices = "all";
  std::string devices = "all";
};

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--seeds")
      a.seeds = std::stoi(v);
    else if (k == "--budget")
      a.budget = std::stoul(v);
    else if (k == "--optuna-trials")
      a.optuna_trials = std::stoi(v);
    else if (k == "--optuna-seeds")
      a.optuna_seeds = std::stoi(v);
    else if (k == "--optuna-devices")
      a.optuna_devices = v;
    else if (k == "--devices")
      a.devices = v;
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  const std::filesystem::path dir = std::filesystem::path(PLAB_DATA_DIR) / "devices";
  std::printf(
      "energy tuner benchmark: %d seeds, budget %zu; evals = median evaluations to within 5%% of the\n"
      "exhaustive feasible optimum (runs that reached it / runs; a run that never did counts budget+1);\n"
      "saving = noise-free energy of BO's best feasible configuration vs the default configuration at the\n"
      "same batch size (median over seeds). Optuna TPE via paretolab-cli optimiser=evaluate, %d trials.\n\n",
      a.seeds, a.budget, a.optuna_trials);
  std::printf("%-16s %-16s %6s %10s %12s %14s %14s %10s %14s\n", "device", "model", "grid", "opt mJ",
              "default mJ", "BO evals", "random evals", "saving %", "TPE evals");
  for (const char* id : {"jetson-agx-orin", "jetson-tx2", "nvidia-v100", "nvidia-a40"}) {
    if (a.devices != "all" && a.devices.find(id) == std::string::npos) continue;
    const hw::DeviceModel d = hw::load_device_model(dir / (std::string(id) + ".json"));
    for (const auto& model : energy::PerfModel::models(d)) {
      std::vector<double> bo, rnd, saving;
      double optimum = 0, def = 0, cpu = 0;
      std::size_t grid = 0;
      for (int s = 1; s <= a.seeds; ++s) {
        for (const char* kind : {"bo", "random"}) {
          energy::TunerOptions o;
          o.optimiser = kind;
          o.budget = a.budget;
          o.seed = static_cast<std::uint64_t>(s);
          energy::EnergyTuner t(d, model, o);
          const energy::TuningResult r = t.run();
          const double e = r.evals_to_within_5pct ? double(*r.evals_to_within_5pct) : double(a.budget + 1);
          (std::string(kind) == "bo" ? bo : rnd).push_back(e);
          if (std::string(kind) == "bo") {
            if (r.best)
              saving.push_back(100.0 *
                               (1 - r.evaluations[*r.best].truth.energy_j / r.default_config.truth.energy_j));
            if (s == 1) {
              optimum = r.optimum_energy_j.value_or(NAN) * 1000;
              def = r.default_config.truth.energy_j * 1000;
              grid = r.grid_size;
              cpu = r.cpu_freq;
            }
          }
        }
      }
      std::string tpe = "-";
      const bool run_optuna = a.optuna_devices == "all" || a.optuna_devices.find(id) != std::string::npos;
      if (run_optuna && a.optuna_trials > 0 && std::isfinite(optimum)) {
        std::ostringstream cmd;
        cmd << "/usr/bin/python3 " << PLAB_SOURCE_DIR << "/scripts/bench/optuna_energy.py --cli "
            << PLAB_CLI_PATH << " --plugins " << PLAB_PLUGIN_DIR << " --data " << PLAB_DATA_DIR
            << " --device " << id << " --model " << model << " --cpu-freq " << cpu << " --optimum-mj "
            << optimum << " --seeds " << a.optuna_seeds << " --trials " << a.optuna_trials;
        std::vector<double> te;
        if (FILE* p = ::popen(cmd.str().c_str(), "r")) {
          char line[4096];
          while (std::fgets(line, sizeof line, p)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.contains("evals_to_within_5pct")) continue;
            te.push_back(j["evals_to_within_5pct"].is_null() ? a.optuna_trials + 1
                                                             : j["evals_to_within_5pct"].get<double>());
          }
          if (::pclose(p) == 0 && !te.empty())
            tpe = summarise(te, static_cast<std::size_t>(a.optuna_trials));
          else
            tpe = "failed";
        }
      }
      std::printf("%-16s %-16s %6zu %10.1f %12.1f %14s %14s %10.1f %14s\n", id, model.c_str(), grid, optimum,
                  def, summarise(bo, a.budget).c_str(), summarise(rnd, a.budget).c_str(), median(saving),
                  tpe.c_str());
      std::fflush(stdout);
    }
  }
  return 0;
}
