// Store throughput: trace ingest through RunWriter into a real file, and reading a 10-million-sample
// trace back reduced to screen resolution (full range and zoomed). Figures only, never a test.
//   build-release/bin/bench-store   (configure with -DCMAKE_BUILD_TYPE=Release)
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

#include "core/store/store.h"

namespace {

using plab::store::Store;

// A scratch folder for the benchmark's files, removed at exit.
struct BenchDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("plab-store-bench-" + std::to_string(getpid()));
  BenchDir() { std::filesystem::create_directories(path); }
  ~BenchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
const BenchDir scratch;

std::filesystem::path bench_dir() { return scratch.path; }

plab::store::NewRun bench_run() {
  plab::store::NewRun r;
  r.module = "bench";
  r.module_version = "1.0.0";
  r.target = "local";
  return r;
}

// A 1 kHz power-like signal with noise and rare spikes.
void fill(std::int64_t first, std::vector<double>& t, std::vector<double>& v, std::mt19937_64& rng) {
  std::normal_distribution<double> noise(0, 2);
  for (std::size_t k = 0; k < t.size(); ++k) {
    const auto i = first + std::int64_t(k);
    t[k] = double(i) * 1e-3;
    v[k] = 150 + 40 * std::sin(double(i) * 1e-4) + noise(rng) + (i % 100'003 == 0 ? 300 : 0);
  }
}

// Samples per second through RunWriter::trace into a new file, including the final flush.
void BM_TraceIngest(benchmark::State& state) {
  const std::int64_t total = 2'000'000;
  const auto batch = std::size_t(state.range(0));
  std::mt19937_64 rng(1);
  std::vector<double> t(batch), v(batch);
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto file = bench_dir() / ("ingest-" + std::to_string(round++) + ".sqlite");
    auto store = Store::open(file);
    state.ResumeTiming();
    auto w = store->start_run(bench_run());
    for (std::int64_t i = 0; i < total; i += std::int64_t(batch)) {
      fill(i, t, v, rng);
      w->trace("power", t, v);
    }
    w->finish(plab::RunStatus::Completed);
    state.PauseTiming();
    w.reset();
    store.reset();
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
    state.ResumeTiming();
  }
  state.counters["samples/s"] =
      benchmark::Counter(double(total), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TraceIngest)->Arg(1)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

constexpr std::int64_t kBig = 10'000'000;

// The 10-million-sample trace, written once per process.
std::pair<std::filesystem::path, std::int64_t> big_trace() {
  static const auto made = [] {
    const auto file = bench_dir() / "big.sqlite";
    auto store = Store::open(file);
    auto w = store->start_run(bench_run());
    std::mt19937_64 rng(2);
    std::vector<double> t(10'000), v(10'000);
    for (std::int64_t i = 0; i < kBig; i += 10'000) {
      fill(i, t, v, rng);
      w->trace("power", t, v);
    }
    w->finish(plab::RunStatus::Completed);
    return std::pair{file, w->run_id()};
  }();
  return made;
}

void reduce(benchmark::State& state, double from, double to, bool reopen) {
  const auto [file, id] = big_trace();
  auto store = Store::open(file);
  const double span = double(kBig) * 1e-3;
  double total_ms = 0;
  std::int64_t samples = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    if (reopen) store = Store::open(file);
    auto r = store->reduce_trace(id, "power", from * span, to * span, 2000);
    total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    samples = 0;
    for (auto c : r.count) samples += c;
    benchmark::DoNotOptimize(r);
  }
  state.counters["ms/reduce"] = total_ms / double(state.iterations());
  state.counters["samples"] = double(samples);
}

// 2,000 min/max buckets over the whole 10M-sample trace (a connection that has read it before).
void BM_ReduceFull(benchmark::State& state) { reduce(state, 0, 1, false); }
BENCHMARK(BM_ReduceFull)->Unit(benchmark::kMillisecond);

// The same, opening the store each time (what a viewer opening a run pays; OS file cache warm).
void BM_ReduceFullFreshOpen(benchmark::State& state) { reduce(state, 0, 1, true); }
BENCHMARK(BM_ReduceFullFreshOpen)->Unit(benchmark::kMillisecond);

// 2,000 buckets over 1% of the range (100,000 samples) in the middle.
void BM_ReduceZoom1Percent(benchmark::State& state) { reduce(state, 0.495, 0.505, false); }
BENCHMARK(BM_ReduceZoom1Percent)->Unit(benchmark::kMillisecond);

// 2,000 buckets over 0.01% (1,000 samples): raw samples.
void BM_ReduceZoom001Percent(benchmark::State& state) { reduce(state, 0.5, 0.5001, false); }
BENCHMARK(BM_ReduceZoom001Percent)->Unit(benchmark::kMillisecond);

// Raw samples of 1% of the range.
void BM_ReadTrace1Percent(benchmark::State& state) {
  const auto [file, id] = big_trace();
  auto store = Store::open(file);
  const double span = double(kBig) * 1e-3;
  std::size_t n = 0;
  for (auto _ : state) {
    auto r = store->read_trace(id, "power", 0.495 * span, 0.505 * span);
    n = r.t.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["samples/s"] = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ReadTrace1Percent)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
