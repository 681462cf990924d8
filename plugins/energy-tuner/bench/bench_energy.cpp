// bench-energy: for every simulated device and model, over 10 seeds, the median number of
// evaluations constrained BO and random search need to come within 5% of the exhaustive feasible
// optimum, the energy saved against the default configuration (PolyThrottle: up to 36%), and
// Optuna's TPE sampler on the same objective through `paretolab-cli ... optimiser=evaluate`.
// Optuna's studies (one Python process, --jobs worker processes) run while the BO and random
// seeds run here on --jobs threads; the table is printed when both are done.
//
//   build/bin/bench-energy [--seeds N] [--budget N] [--optuna-trials N] [--optuna-seeds N]
//                          [--optuna-devices all|none|<id>,...] [--devices all|<id>,...] [--jobs N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/hw/device_model.h"
#include "plugins/energy-tuner/src/tuner.h"

namespace {

using namespace plab;
namespace fs = std::filesystem;

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Runs that never came within 5% count as budget + 1 (so the median is an upper bound then).
std::string summarise(const std::vector<double>& evals, std::size_t budget) {
  if (evals.empty()) return "-";
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
  int jobs = std::max(1u, std::thread::hardware_concurrency());
};

/// One device and model: its reference figures and every seed's results.
struct Row {
  std::string device, model;
  const hw::DeviceModel* dev = nullptr;
  std::size_t grid = 0;
  double optimum_mj = NAN, default_mj = NAN, cpu = 0;
  std::vector<double> bo, rnd, saving, tpe;
  bool optuna = false, tpe_failed = false;
};

/// One tuning run of the benchmark.
struct Task {
  Row* row;
  std::string kind;
  int seed;
  double evals = 0, saving = NAN, default_mj = NAN;
};

double elapsed_s(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

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
    else if (k == "--jobs")
      a.jobs = std::max(1, std::stoi(v));
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path dir = fs::path(PLAB_DATA_DIR) / "devices";
  std::vector<hw::DeviceModel> devices;
  for (const char* id : {"jetson-agx-orin", "jetson-tx2", "nvidia-v100", "nvidia-a40"})
    if (a.devices == "all" || a.devices.find(id) != std::string::npos)
      devices.push_back(hw::load_device_model(dir / (std::string(id) + ".json")));

  // Reference figures once per device and model: the exhaustive feasible optimum of the grid (at
  // the CPU frequency phase 1 picks for seed 1) and that CPU frequency, for Optuna's studies.
  std::vector<Row> rows;
  for (const auto& d : devices)
    for (const auto& model : energy::PerfModel::models(d)) {
      Row r;
      r.device = d.id;
      r.model = model;
      r.dev = &d;
      energy::TunerOptions o;
      o.optimiser = "default";
      o.seed = 1;
      const energy::TuningResult ref = energy::EnergyTuner(d, model, o).run();
      r.grid = ref.grid_size;
      r.cpu = ref.cpu_freq;
      r.optimum_mj = ref.optimum_energy_j.value_or(NAN) * 1000;
      r.optuna = a.optuna_trials > 0 && a.optuna_seeds > 0 && std::isfinite(r.optimum_mj) &&
                 (a.optuna_devices == "all" || a.optuna_devices.find(d.id) != std::string::npos);
      rows.push_back(std::move(r));
    }

  // Optuna: every study of every device and model in one Python process, started now.
  FILE* optuna = nullptr;
  const fs::path tasks_file = fs::temp_directory_path() / ("bench-energy-" + std::to_string(::getpid()) + ".json");
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& r : rows)
    if (r.optuna)
      for (int s = 1; s <= a.optuna_seeds; ++s)
        tasks.push_back({{"device", r.device}, {"model", r.model}, {"cpu_freq", r.cpu},
                         {"optimum_mj", r.optimum_mj}, {"seed", s}});
  if (!tasks.empty()) {
    std::ofstream(tasks_file) << tasks.dump();
    std::ostringstream cmd;
    cmd << "/usr/bin/python3 " << PLAB_SOURCE_DIR << "/scripts/bench/optuna_energy.py --cli " << PLAB_CLI_PATH
        << " --plugins " << PLAB_PLUGIN_DIR << " --data " << PLAB_DATA_DIR << " --tasks " << tasks_file.string()
        << " --trials " << a.optuna_trials << " --jobs " << a.jobs;
    optuna = ::popen(cmd.str().c_str(), "r");
  }

  // Constrained BO and random search, every seed, on a pool of threads.
  std::vector<Task> runs;
  for (auto& r : rows)
    for (int s = 1; s <= a.seeds; ++s)
      for (const char* kind : {"bo", "random"}) runs.push_back({&r, kind, s});
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < runs.size();) {
      Task& t = runs[i];
      energy::TunerOptions o;
      o.optimiser = t.kind;
      o.budget = a.budget;
      o.seed = static_cast<std::uint64_t>(t.seed);
      energy::EnergyTuner tuner(*t.row->dev, t.row->model, o);
      const energy::TuningResult r = tuner.run();
      t.evals = r.evals_to_within_5pct ? double(*r.evals_to_within_5pct) : double(a.budget + 1);
      if (r.best) t.saving = 100.0 * (1 - r.evaluations[*r.best].truth.energy_j / r.default_config.truth.energy_j);
      t.default_mj = r.default_config.truth.energy_j * 1000;
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < a.jobs; ++j) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  const double tuners_s = elapsed_s(t0);
  for (const Task& t : runs) {
    if (t.kind == "bo") {
      t.row->bo.push_back(t.evals);
      if (std::isfinite(t.saving)) t.row->saving.push_back(t.saving);
      if (t.seed == 1) t.row->default_mj = t.default_mj;
    } else {
      t.row->rnd.push_back(t.evals);
    }
  }

  if (optuna) {
    char line[4096];
    while (std::fgets(line, sizeof line, optuna)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("evals_to_within_5pct")) continue;
      for (auto& r : rows)
        if (r.device == j["device"] && r.model == j["model"])
          r.tpe.push_back(j["evals_to_within_5pct"].is_null() ? a.optuna_trials + 1
                                                               : j["evals_to_within_5pct"].get<double>());
    }
    const int rc = ::pclose(optuna);
    for (auto& r : rows)
      if (r.optuna && (rc != 0 || r.tpe.size() != static_cast<std::size_t>(a.optuna_seeds))) r.tpe_failed = true;
    fs::remove(tasks_file);
  }

  std::printf(
      "energy tuner benchmark: %d seeds, budget %zu. evals = median evaluations to within 5%% of the\n"
      "exhaustive feasible optimum (runs that reached it / runs; a run that never did counts budget+1).\n"
      "saving = noise-free energy of BO's best feasible configuration vs the default configuration at\n"
      "the same batch size (median over seeds). TPE = Optuna's TPE sampler through paretolab-cli\n"
      "optimiser=evaluate, %d trials x %d seeds.\n\n",
      a.seeds, a.budget, a.optuna_trials, a.optuna_seeds);
  std::printf("| %-15s | %-15s | %5s | %9s | %10s | %12s | %12s | %12s | %8s |\n", "device", "model", "grid",
              "opt mJ", "default mJ", "BO evals", "random evals", "TPE evals", "saving %");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(17, '-').c_str(), std::string(17, '-').c_str(),
              std::string(7, '-').c_str(), std::string(11, '-').c_str(), std::string(12, '-').c_str(),
              std::string(14, '-').c_str(), std::string(14, '-').c_str(), std::string(14, '-').c_str(),
              std::string(10, '-').c_str());
  for (const auto& r : rows) {
    const std::string tpe = r.tpe_failed ? "failed" : summarise(r.tpe, static_cast<std::size_t>(a.optuna_trials));
    std::printf("| %-15s | %-15s | %5zu | %9.1f | %10.1f | %12s | %12s | %12s | %8.1f |\n", r.device.c_str(),
                r.model.c_str(), r.grid, r.optimum_mj, r.default_mj, summarise(r.bo, a.budget).c_str(),
                summarise(r.rnd, a.budget).c_str(), tpe.c_str(), median(r.saving));
  }
  std::printf("\nBO and random search: %.0f s; everything (with Optuna through the CLI): %.0f s; %d jobs.\n",
              tuners_s, elapsed_s(t0), a.jobs);
  return 0;
}
