// The SC'22 variability analysis (core/stats) at cluster scale: one application measured on
// 1,024 to 27,648 GPUs (Summit's count), as the variability-profiler module runs it per
// application: median normalisation, box plot and fence variation, Tukey and modified-z outliers,
// ranking, Spearman correlation with the clock, one-way ANOVA repeatability over the runs, and the
// percentile bootstrap interval of the variation (1,000 resamples). Figures only, never a test.
//   build/bin/bench-variability [--benchmark_filter=Bootstrap]
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/stats/bootstrap.h"
#include "core/stats/correlation.h"
#include "core/stats/outliers.h"
#include "core/stats/quantile.h"
#include "core/stats/repeatability.h"
#include "core/stats/variation.h"

namespace {

using namespace plab::stats;

constexpr int kRuns = 3;  // runs per GPU

/// A synthetic cluster: per GPU a log-normal slowness (1.5% spread, the arXiv v3 average of 8%
/// fence variation), a clock that explains part of it, and kRuns noisy runs.
struct Cluster {
  std::vector<double> duration;           // per-GPU median duration
  std::vector<double> clock;              // per-GPU median clock
  std::vector<std::vector<double>> runs;  // per-GPU runs
};

Cluster make_cluster(std::size_t gpus) {
  Cluster c;
  std::mt19937_64 rng(42);
  std::normal_distribution<double> n01(0.0, 1.0);
  c.duration.reserve(gpus);
  c.clock.reserve(gpus);
  c.runs.reserve(gpus);
  for (std::size_t g = 0; g < gpus; ++g) {
    const double z = n01(rng);
    const double base = 2.4 * std::exp(0.015 * z);
    std::vector<double> r;
    for (int k = 0; k < kRuns; ++k) r.push_back(base * std::exp(0.003 * n01(rng)));
    c.duration.push_back(median(r));
    c.clock.push_back(1530.0 * std::exp(-0.01 * z + 0.005 * n01(rng)));
    c.runs.push_back(std::move(r));
  }
  return c;
}

double fence_variation(std::span<const double> v) { return variation_percent(v, Variation::Fences); }

void BM_VariationBootstrap(benchmark::State& state) {
  const Cluster c = make_cluster(static_cast<std::size_t>(state.range(0)));
  const std::vector<double> norm = normalise_to_median(c.duration);
  for (auto _ : state) {
    const Interval ci = bootstrap_ci(norm, fence_variation, 1000, 0.95, 7);
    benchmark::DoNotOptimize(ci.low);
  }
  state.counters["gpus"] = static_cast<double>(state.range(0));
  state.counters["resamples"] = 1000;
}
BENCHMARK(BM_VariationBootstrap)->Arg(1024)->Arg(4096)->Arg(27648)->Unit(benchmark::kMillisecond);

void BM_ApplicationAnalysis(benchmark::State& state) {
  const Cluster c = make_cluster(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const std::vector<double> norm = normalise_to_median(c.duration);
    const BoxStats box = box_stats(norm);
    const double variation = variation_percent(box, Variation::Fences);
    const std::size_t outliers = count(tukey_outliers(norm));
    const std::vector<double> mz = modified_z_scores(norm);
    const std::vector<double> rank = ranks(norm);
    std::vector<double> perf(norm.size());
    for (std::size_t i = 0; i < norm.size(); ++i) perf[i] = 1.0 / norm[i];
    const Correlation rho = spearman(perf, c.clock);
    const Repeatability rep = repeatability(c.runs);
    const Interval ci = bootstrap_ci(norm, fence_variation, 1000, 0.95, 7);
    benchmark::DoNotOptimize(variation + static_cast<double>(outliers) + mz.back() + rank.back() + rho.r +
                             rep.icc + ci.high);
  }
  state.counters["gpus"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_ApplicationAnalysis)->Arg(1024)->Arg(4096)->Arg(27648)->Unit(benchmark::kMillisecond);

void BM_RankAndOutliersOnly(benchmark::State& state) {
  const Cluster c = make_cluster(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const std::vector<double> norm = normalise_to_median(c.duration);
    const std::size_t outliers = count(tukey_outliers(norm));
    const std::vector<double> rank = ranks(norm);
    benchmark::DoNotOptimize(static_cast<double>(outliers) + rank.back());
  }
  state.counters["gpus"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_RankAndOutliersOnly)->Arg(27648)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
