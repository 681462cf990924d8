// bench-kvstore: the F2-style store and RocksDB side by side on YCSB A, B, C and F (Zipfian),
// with the data at least 10x the memory budget. Prints throughput, p99 latency, read and write
// amplification of each and the ratios; single- and two-thread figures; and throughput as the
// memory budget goes from 5% to 50% of the data. Run from the repository root (Release build):
//
//   build-release/bin/bench-kvstore [--records N] [--ops N] [--value BYTES] [--budget-pct P]
//                                   [--threads 1,2] [--workloads a,b,c,f] [--sweep 5,10,25,50]
//                                   [--backends f2,rocksdb] [--dir PATH]
//                                   [--verbose 1] [--depth 1,16] [--split RC,CC,AC] [--repeat N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "plugins/kvstore/ycsb/driver.h"
#include "plugins/kvstore/ycsb/generators.h"

using namespace plab::ycsb;

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, ',')) {
    if (!x.empty()) out.push_back(x);
  }
  return out;
}

struct Args {
  std::uint64_t records = 400000, ops = 200000;
  std::uint32_t value = 100;
  double budget_pct = 10;
  std::vector<int> threads{1, 2};
  std::vector<std::string> workloads{"a", "b", "c", "f"};
  std::vector<double> sweep{5, 10, 25, 50};
  std::vector<std::string> backends{"f2", "rocksdb"};
  std::filesystem::path dir = "build-release/bench-kvstore-data";
  bool verbose = false;
  // Operations in flight per thread: 1 (one synchronous operation at a time) and 16 (batches,
  // FASTER's asynchronous operations / RocksDB's MultiGet; see RunOptions::depth).
  std::vector<int> depths{1, 16};
  // f2's budget shares (read cache, chunk cache, address cache); negative: the store's defaults.
  double split[3] = {-1, -1, -1};
  // Runs of each table (backends alternate which goes first); the table shows each cell's median
  // run and every run's ratio, since the disk's speed drifts between runs minutes apart.
  int repeat = 1;
};

constexpr const char* kUsage =
    "usage: bench-kvstore [--records N] [--ops N] [--value BYTES] [--budget-pct P] [--threads 1,2]\n"
    "                     [--workloads a,b,c,f] [--sweep 5,10,25,50] [--backends f2,rocksdb] [--dir PATH]\n"
    "                     [--verbose 1] [--depth 1,16] [--split RC,CC,AC] [--repeat N]\n"
    "With no options: 400,000 records, 100-byte values, 200,000 operations per workload, a budget of\n"
    "10 % of the data, 1 and 2 threads, 1 and 16 operations in flight, and the 5-50 % budget sweep\n"
    "(see plugins/kvstore/README.md, \"Benchmark\").\n";

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--help" || k == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
  }
  for (int i = 1; i < argc; i += 2) {
    const std::string k = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "bench-kvstore: %s needs a value\n%s", k.c_str(), kUsage);
      std::exit(2);
    }
    const std::string v = argv[i + 1];
    try {
      if (k == "--records")
        a.records = std::stoull(v);
      else if (k == "--ops")
        a.ops = std::stoull(v);
      else if (k == "--value")
        a.value = static_cast<std::uint32_t>(std::stoul(v));
      else if (k == "--budget-pct")
        a.budget_pct = std::stod(v);
      else if (k == "--threads") {
        a.threads.clear();
        for (auto& x : split(v)) a.threads.push_back(std::stoi(x));
      } else if (k == "--workloads")
        a.workloads = split(v);
      else if (k == "--sweep") {
        a.sweep.clear();
        for (auto& x : split(v)) a.sweep.push_back(std::stod(x));
      } else if (k == "--backends")
        a.backends = split(v);
      else if (k == "--dir")
        a.dir = v;
      else if (k == "--verbose")
        a.verbose = v != "0";
      else if (k == "--split") {
        const auto parts = split(v);
        if (parts.size() != 3) {
          std::fprintf(stderr, "--split expects RC,CC,AC fractions\n");
          std::exit(2);
        }
        for (int j = 0; j < 3; ++j) a.split[j] = std::stod(parts[static_cast<std::size_t>(j)]);
      } else if (k == "--repeat")
        a.repeat = std::max(1, std::stoi(v));
      else if (k == "--depth") {
        a.depths.clear();
        for (auto& x : split(v)) a.depths.push_back(std::max(1, std::stoi(x)));
      } else {
        std::fprintf(stderr, "bench-kvstore: unknown option %s\n%s", k.c_str(), kUsage);
        std::exit(2);
      }
    } catch (const std::logic_error&) {  // std::stoi and friends: not a number, or out of range
      std::fprintf(stderr, "bench-kvstore: %s: '%s' is not a valid value\n", k.c_str(), v.c_str());
      std::exit(2);
    }
  }
  return a;
}

struct Cell {
  double tput = 0, p99 = 0, ramp = 0, wamp = 0;
  double disk_w = 0, logical_w = 0;  // "*": sums over the workloads
};

/// Loads one backend and runs the workloads back to back on the loaded data.
std::map<std::string, Cell> run_backend(const Args& a, const std::string& backend, double budget_pct,
                                        int threads, int depth, const std::vector<std::string>& workloads,
                                        double& data_mb, double& mem_mb) {
  std::map<std::string, Cell> out;
  std::filesystem::remove_all(a.dir);
  std::filesystem::create_directories(a.dir);
  WorkloadSpec base = WorkloadSpec::load(workloads.front());
  base.record_count = a.records;
  base.value_size = a.value;
  const double record_bytes = static_cast<double>(base.key(0).size() + a.value);
  data_mb = record_bytes * static_cast<double>(a.records) / 1e6;
  BackendConfig c;
  c.dir = a.dir;
  c.memory_budget = static_cast<std::uint64_t>(data_mb * 1e6 * budget_pct / 100.0);
  c.expected_keys = a.records;
  c.kv_bytes = static_cast<std::uint32_t>(record_bytes);
  c.threads = threads;
  c.read_cache_fraction = a.split[0];
  c.chunk_cache_fraction = a.split[1];
  c.address_cache_fraction = a.split[2];
  auto b = make_backend(backend);
  b->open(c);
  bool loaded = false;
  for (const auto& wname : workloads) {
    RunOptions o;
    o.workload = WorkloadSpec::load(wname);
    o.workload.record_count = a.records;
    o.workload.operation_count = a.ops;
    o.workload.value_size = a.value;
    o.threads = threads;
    o.depth = depth;
    o.warmup_ops = a.ops / 10;
    o.load = !loaded;
    loaded = true;
    RunResult r = run_ycsb(*b, o);
    out[wname] = {r.throughput, r.all.p99_us, r.read_amp, r.write_amp};
    // Over all measured phases together: a store's deferred work (RocksDB's flushes and
    // compactions, our migrations) lands in whichever window it happens to fall.
    out["*"].disk_w += static_cast<double>(r.disk_write_bytes);
    out["*"].logical_w += static_cast<double>(r.logical_write_bytes);
    mem_mb = static_cast<double>(r.final_stats.memory_bytes) / 1e6;
    std::fprintf(stderr,
                 "  [%s %s %dt d%d %g%%] %.0f ops/s p99 %.1f us ramp %.2f wamp %.2f (load %.1fs) mem %.1f MB "
                 "disk %.1f MB\n",
                 backend.c_str(), wname.c_str(), threads, depth, budget_pct, r.throughput, r.all.p99_us,
                 r.read_amp, r.write_amp, r.load_seconds, mem_mb,
                 static_cast<double>(r.final_stats.disk_space_bytes) / 1e6);
    if (a.verbose && r.ops > 0) {
      // Per measured operation: what the backend counted (I/Os by kind, where it served reads).
      std::fprintf(stderr, "     per op:");
      for (std::size_t i = 0; i < r.final_stats.counters.size(); ++i) {
        const auto& [name, end] = r.final_stats.counters[i];
        const std::uint64_t start = i < r.start_stats.counters.size() ? r.start_stats.counters[i].second : 0;
        std::fprintf(stderr, " %s %.3f", name.c_str(),
                     static_cast<double>(end - start) / static_cast<double>(r.ops));
      }
      std::fprintf(stderr, "\n     %s\n", r.final_stats.notes.c_str());
    }
  }
  return out;
}

/// Runs the workloads on every backend with `t` threads and `d` operations in flight (a.repeat
/// times, alternating which backend goes first); prints a table of each cell's median run.
void run_table(const Args& a, int t, int d) {
  std::map<std::string, std::map<std::string, std::vector<Cell>>> runs;
  double data_mb = 0, mem_mb = 0;
  for (int rep = 0; rep < a.repeat; ++rep) {
    std::vector<std::string> order = a.backends;
    if (rep % 2) std::reverse(order.begin(), order.end());
    for (const auto& be : order) {
      for (const auto& [w, c] : run_backend(a, be, a.budget_pct, t, d, a.workloads, data_mb, mem_mb))
        runs[be][w].push_back(c);
    }
  }
  std::map<std::string, std::map<std::string, Cell>> res;
  for (auto& [be, cells] : runs) {
    for (auto& [w, v] : cells) {
      if (w == "*") {
        for (const Cell& c : v) res[be][w].disk_w += c.disk_w, res[be][w].logical_w += c.logical_w;
        continue;
      }
      std::vector<Cell> sorted = v;
      std::sort(sorted.begin(), sorted.end(), [](const Cell& x, const Cell& y) { return x.tput < y.tput; });
      res[be][w] = sorted[sorted.size() / 2];
    }
  }
  std::printf(
      "\n== %d thread(s), %d op(s) in flight per thread, memory budget %g%% of %.1f MB data (%.1f MB)%s\n", t,
      d, a.budget_pct, data_mb, data_mb * a.budget_pct / 100,
      a.repeat > 1 ? (", median of " + std::to_string(a.repeat) + " runs").c_str() : "");
  std::printf("%-4s", "wl");
  for (const auto& be : a.backends) std::printf(" | %-8s ops/s   p99us  r-amp  w-amp", be.c_str());
  if (a.backends.size() == 2) std::printf(" | ratio tput  w-amp");
  std::printf("\n");
  for (const auto& w : a.workloads) {
    std::printf("%-4s", w.c_str());
    for (const auto& be : a.backends) {
      const Cell& c = res[be][w];
      std::printf(" | %14.0f %7.1f %6.2f %6.2f", c.tput, c.p99, c.ramp, c.wamp);
    }
    if (a.backends.size() == 2) {
      const Cell& x = res[a.backends[0]][w];
      const Cell& y = res[a.backends[1]][w];
      std::printf(" | %9.2fx %6.2fx", y.tput > 0 ? x.tput / y.tput : 0, y.wamp > 0 ? x.wamp / y.wamp : 0);
      if (a.repeat > 1) {
        std::printf(" | runs:");
        const auto& xs = runs[a.backends[0]][w];
        const auto& ys = runs[a.backends[1]][w];
        for (std::size_t k = 0; k < xs.size() && k < ys.size(); ++k) {
          std::printf(" %.2fx", ys[k].tput > 0 ? xs[k].tput / ys[k].tput : 0);
        }
      }
    }
    std::printf("\n");
  }
  std::printf("write amplification over all measured phases together:");
  for (const auto& be : a.backends) {
    const Cell& c = res[be]["*"];
    std::printf(" %s %.2f", be.c_str(), c.logical_w > 0 ? c.disk_w / c.logical_w : 0.0);
  }
  std::printf("\n");
  std::fflush(stdout);
}

/// The most any store can serve from memory at this budget, one synchronous operation at a
/// time: if every byte of the budget held records (no index, no page slack) and exactly the most
/// requested keys, the share of requests they draw (counted on 4 million draws of YCSB's
/// scrambled Zipfian; sampling slightly favours the ceiling, so the floor printed is a low
/// bound). The rest needs at least one device read each, for every store.
void print_memory_ceiling(const Args& a) {
  const auto fits = static_cast<std::uint64_t>(static_cast<double>(a.records) * a.budget_pct / 100.0);
  std::vector<std::uint32_t> hits(a.records, 0);
  KeyChooser chooser(Distribution::Zipfian, a.records, 0.99);
  std::mt19937_64 rng(42);
  const std::uint64_t draws = 4000000;
  for (std::uint64_t i = 0; i < draws; ++i) ++hits[chooser.next(rng, a.records)];
  std::sort(hits.begin(), hits.end(), [](auto x, auto y) { return x > y; });
  std::uint64_t top = 0;
  for (std::uint64_t i = 0; i < std::min<std::uint64_t>(fits, hits.size()); ++i) top += hits[i];
  const double share = static_cast<double>(top) / static_cast<double>(draws);
  std::printf(
      "memory ceiling at %.0f%%: the %llu most requested keys (all the budget as records) draw %.1f%% of "
      "requests; at least %.2f device reads per read for any store\n",
      a.budget_pct, static_cast<unsigned long long>(fits), 100.0 * share, 1.0 - share);
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  std::printf("bench-kvstore: %llu records, %u-byte values, %llu ops per workload, Zipfian 0.99\n",
              static_cast<unsigned long long>(a.records), a.value, static_cast<unsigned long long>(a.ops));
  print_memory_ceiling(a);
  for (int t : a.threads) {
    for (int d : a.depths) run_table(a, t, d);
  }
  if (!a.sweep.empty()) {
    std::printf(
        "\n== throughput (ops/s) vs memory budget, YCSB-B, %d thread(s), %d op(s) in flight per thread\n%-8s",
        a.threads.back(), a.depths.back(), "budget");
    for (const auto& be : a.backends) std::printf(" %12s", be.c_str());
    std::printf("\n");
    for (double pct : a.sweep) {
      std::printf("%6g%% ", pct);
      for (const auto& be : a.backends) {
        double data_mb = 0, mem_mb = 0;
        auto r = run_backend(a, be, pct, a.threads.back(), a.depths.back(), {"b"}, data_mb, mem_mb);
        std::printf(" %12.0f", r["b"].tput);
      }
      std::printf("\n");
      std::fflush(stdout);
    }
  }
  std::filesystem::remove_all(a.dir);
  return 0;
}
