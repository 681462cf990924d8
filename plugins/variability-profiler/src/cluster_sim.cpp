#include "plugins/variability-profiler/src/cluster_sim.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "core/util/error.h"

namespace plab::variability {
namespace {

// SplitMix64 (Steele, Lea & Flood 2014): decorrelates the per-GPU and per-node seeds.
std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// 4 IQR of a normal distribution in units of its standard deviation: 4 * 2 * 0.674490 = 5.3959.
constexpr double kFenceSpanPerSigma = 5.395918;

// Variance of the median of r normal runs relative to one run's (r = 1, 2 exact; larger r the
// asymptotic pi / (2 r)).
double median_variance_factor(int r) { return r == 1 ? 1.0 : r == 2 ? 0.5 : M_PI / (2.0 * r); }

}  // namespace

std::string node_name(const ClusterPreset& p, std::size_t n) {
  char buf[32];
  const std::size_t per = static_cast<std::size_t>(p.nodes_per_cabinet);
  const std::size_t cab = n / per, slot = n % per + 1;
  if (p.node_naming == "summit") {
    // 32 cabinets per row, rows a, b, c, ...
    std::snprintf(buf, sizeof buf, "%c%02zun%02zu", static_cast<char>('a' + (cab / 32) % 26), cab % 32 + 1,
                  slot);
  } else if (p.node_naming == "tacc") {
    std::snprintf(buf, sizeof buf, "c%03zu-%03zu", 101 + cab, slot);
  } else {
    std::snprintf(buf, sizeof buf, "node%04zu", n + 1);
  }
  return buf;
}

Dataset simulate_cluster(const ClusterPreset& p, const SimOptions& opt,
                         const std::function<bool()>& cancelled) {
  if (opt.repetitions < 1) throw InputError("repetitions: expected at least 1");
  std::vector<const AppModel*> apps;
  std::vector<std::size_t> app_slot;  // position of the app in the preset (fixes its random stream)
  if (opt.applications.empty()) {
    for (std::size_t i = 0; i < p.apps.size(); ++i) {
      apps.push_back(&p.apps[i]);
      app_slot.push_back(i);
    }
  } else {
    for (const auto& name : opt.applications) {
      const AppModel* m = p.app(name);
      if (!m) {
        std::string known;
        for (const auto& a : p.apps) known += (known.empty() ? "" : ", ") + a.name;
        throw InputError("applications: '" + name + "' is not modelled for cluster " + p.id +
                         "; expected one of: " + known);
      }
      apps.push_back(m);
      app_slot.push_back(static_cast<std::size_t>(m - p.apps.data()));
    }
  }

  // Which GPUs: all, or a seeded sample without replacement (kept in cluster order).
  const std::size_t total = p.gpus();
  std::vector<std::size_t> chosen(total);
  std::iota(chosen.begin(), chosen.end(), 0);
  if (opt.devices > 0 && opt.devices < total) {
    std::mt19937_64 pick(splitmix(opt.seed ^ 0x5EEDULL));
    std::shuffle(chosen.begin(), chosen.end(), pick);
    chosen.resize(opt.devices);
    std::sort(chosen.begin(), chosen.end());
  }

  Dataset data;
  data.source = "cluster:" + p.id;
  data.runs.reserve(chosen.size() * apps.size() * static_cast<std::size_t>(opt.repetitions));
  for (const AppModel* a : apps) data.application(a->name);
  const double rho = p.cross_app_correlation;
  const std::size_t napps_all = p.apps.size();

  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (cancelled && k % 4096 == 0 && cancelled()) throw Cancelled();
    const std::size_t g = chosen[k];
    const std::size_t node = g / static_cast<std::size_t>(p.gpus_per_node);
    const std::size_t local = g % static_cast<std::size_t>(p.gpus_per_node);
    const std::string nn = node_name(p, node);
    char id[64];
    std::snprintf(id, sizeof id, "%s-gpu%zu", nn.c_str(), local);
    const std::uint32_t dev = data.device(id, nn, p.gpu_model);

    std::mt19937_64 rng(splitmix(opt.seed * 0x100000001B3ULL + g));
    std::normal_distribution<double> N(0.0, 1.0);
    std::uniform_real_distribution<double> U(0.0, 1.0);
    std::mt19937_64 node_rng(splitmix(opt.seed ^ (0xC0011ULL << 32) ^ node));
    const double cooling = N(node_rng);  // > 0: a warmer spot
    const double silicon = N(rng);       // > 0: a slower chip
    const bool outlier = U(rng) < p.outlier_fraction;
    const double slow =
        outlier ? p.outlier_slowdown_min + (p.outlier_slowdown_max - p.outlier_slowdown_min) * U(rng) : 1.0;
    // Draw every application's private terms, selected or not, so streams stay aligned.
    std::vector<double> e(napps_all), u(napps_all), pn(napps_all), tn(napps_all);
    for (std::size_t i = 0; i < napps_all; ++i) {
      e[i] = N(rng);
      u[i] = N(rng);
      pn[i] = N(rng);
      tn[i] = N(rng);
    }

    for (std::size_t ai = 0; ai < apps.size(); ++ai) {
      const AppModel& a = *apps[ai];
      const std::size_t s = app_slot[ai];
      // Device-level spread, net of what the median of the runs adds back.
      const double total_sd = a.variation_pct / 100.0 / kFenceSpanPerSigma;
      const double run_part = a.run_cv * a.run_cv * median_variance_factor(opt.repetitions);
      const double dev_sd = std::sqrt(std::max(0.0, total_sd * total_sd - run_part));
      const double sf = std::sqrt(a.freq_share) * dev_sd, so = std::sqrt(1.0 - a.freq_share) * dev_sd;
      const double z = rho * silicon + std::sqrt(1.0 - rho * rho) * e[s];

      const double duration = a.median_duration_s * std::exp(sf * z + so * u[s]) * slow;
      double freq = std::min(p.max_sm_clock_mhz, a.median_sm_clock_mhz * std::exp(-sf * z));
      if (a.kind == "compute") freq /= slow;  // an outlier is slow because its clock is held down
      double power = a.power_capped ? std::min(p.power_cap_w, a.median_power_w + a.power_sd_w * pn[s])
                                    : a.median_power_w + a.power_sd_w * (0.6 * z + 0.8 * pn[s]);
      power = std::max(1.0, power);
      const double temp =
          a.median_temperature_c + a.temperature_sd_c * (0.6 * cooling + 0.4 * z + 0.6928 * tn[s]);

      for (int r = 0; r < opt.repetitions; ++r) {
        Measurement m;
        m.device = dev;
        m.application = static_cast<std::uint32_t>(ai);
        m.repetition = r;
        m.duration_s = duration * std::exp(a.run_cv * N(rng));
        m.frequency_mhz = std::min(p.max_sm_clock_mhz, freq * std::exp(0.2 * a.run_cv * N(rng)));
        m.power_w =
            std::max(1.0, std::min(a.power_capped ? p.power_cap_w : 1e9, power * (1 + 0.005 * N(rng))));
        m.temperature_c = temp + 0.5 * N(rng);
        m.start_s = 3600.0 * r + 600.0 * static_cast<double>(ai);
        data.runs.push_back(m);
      }
    }
  }
  return data;
}

}  // namespace plab::variability
