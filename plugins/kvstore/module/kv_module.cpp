#include "plugins/kvstore/module/kv_module.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/util/error.h"
#include "plugins/kvstore/store/options.h"
#include "plugins/kvstore/ycsb/driver.h"

namespace plab::kv {
namespace {

using nlohmann::json;

json integer(std::int64_t def, std::int64_t min, std::int64_t max, const char* unit, const char* title,
             const char* description) {
  return {{"type", "integer"}, {"default", def},         {"minimum", min}, {"maximum", max},
          {"unit", unit},      {"title", title},          {"description", description}};
}

/// Budgets of a sweep, in percent of the data ("5,10,25,50"); empty when no sweep.
std::vector<double> parse_sweep(const std::string& s) {
  std::vector<double> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.find_first_not_of(" \t") == std::string::npos) continue;
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || !(v > 0 && v <= 1000)) {
      throw InputError("parameter budget_sweep: '" + item +
                       "' is not a percentage of the data (expected a comma-separated list such as 5,10,25,50)");
    }
    out.push_back(v);
  }
  return out;
}

ycsb::Distribution distribution_of(const std::string& s) {
  if (s == "uniform") return ycsb::Distribution::Uniform;
  if (s == "latest") return ycsb::Distribution::Latest;
  return ycsb::Distribution::Zipfian;
}

}  // namespace

ModuleInfo KvModule::info() const {
  ModuleInfo m;
  m.id = "kv-store";
  m.name = "KV store (F2 hot/cold vs RocksDB, LMDB)";
  m.version = "1.0.0";
  m.summary =
      "A larger-than-memory hot/cold key-value store after F2 (hybrid hot log, read cache, two-level cold index, "
      "lookup-based migration and compaction), measured with YCSB against RocksDB and LMDB under one memory budget.";
  m.paper = {"F2: Designing a Key-Value Store for Large Skewed Workloads",
             "Konstantinos Kanellis, Badrish Chandramouli, Shivaram Venkataraman", "PVLDB 2025",
             "https://arxiv.org/abs/2305.01516"};
  json backends = json::array();
  for (const auto& b : ycsb::available_backends()) backends.push_back(b);
  json p = json::object();
  p["workload"] = {{"type", "string"}, {"default", "b"}, {"enum", {"a", "b", "c", "d", "e", "f"}},
                   {"title", "YCSB workload"},
                   {"description", "YCSB core workload: a 50/50 read/update, b 95/5, c read only, d read latest + "
                                   "insert, e scans + insert, f read-modify-write"}};
  p["distribution"] = {{"type", "string"}, {"default", "workload"},
                       {"enum", {"workload", "zipfian", "uniform", "latest"}},
                       {"title", "Key distribution"},
                       {"description", "request distribution; 'workload' keeps the workload's own (Zipfian 0.99 for a-c, f)"}};
  p["record_count"] = integer(200000, 1000, 2000000000, "", "Records", "records loaded before the run");
  p["operation_count"] = integer(200000, 1000, 2000000000, "", "Operations", "measured operations");
  p["warmup_ops"] = integer(20000, 0, 2000000000, "", "Warm-up operations", "operations run before measuring");
  p["key_size"] = integer(0, 0, 1024, "B", "Key size",
                          "0: YCSB's 'user<number>' keys; 8 or more: fixed-size binary keys of this many bytes");
  p["value_size"] = integer(100, 1, 8000, "B", "Value size", "bytes per value");
  p["threads"] = integer(1, 1, 64, "", "Threads", "client threads");
  p["depth"] = integer(1, 1, 256, "", "Operations in flight",
                       "per thread: 1 runs one operation at a time; more issues batches whose I/O overlaps "
                       "(FASTER's asynchronous operations; RocksDB's MultiGet)");
  p["memory_budget_mib"] = {{"type", "number"}, {"default", 4.0}, {"minimum", 0.25}, {"maximum", 65536.0},
                            {"unit", "MiB"}, {"title", "Memory budget"},
                            {"description", "memory the store may use for indexes, logs and caches (RocksDB: block "
                                            "cache + memtables); ignored when budget_sweep is set"}};
  p["read_cache_pct"] = {{"type", "number"}, {"default", 5.0}, {"minimum", 0.0}, {"maximum", 90.0}, {"unit", "%"},
                         {"title", "Read cache share (f2)"},
                         {"description", "f2 only: percent of the memory budget for the read cache of records read "
                                         "from disk (whole records: serves the hottest keys without I/O); at least "
                                         "this, and also the hot log's memory past 12.5 % of the data"}};
  p["chunk_cache_pct"] = {{"type", "number"}, {"default", 0.0}, {"minimum", 0.0}, {"maximum", 90.0}, {"unit", "%"},
                          {"title", "Chunk cache share (f2)"},
                          {"description", "f2 only: percent of the memory budget for cold-index chunks read from "
                                          "disk (~12 bytes per key: saves the index read of a cold lookup)"}};
  p["address_cache_pct"] = {{"type", "number"}, {"default", -1.0}, {"minimum", -1.0}, {"maximum", 90.0}, {"unit", "%"},
                            {"title", "Address cache share (f2)"},
                            {"description", "f2 only: percent of the memory budget for cold-log addresses of keys "
                                            "(~5.3 bytes per key, at most what covers every key: a cold read then "
                                            "costs one device read instead of two); -1: automatic, what holds "
                                            "every key but at least 45 and at most 70 %"}};
  p["backend"] = {{"type", "string"}, {"default", "f2"}, {"enum", backends}, {"title", "Backend"},
                  {"description", "f2: this project's store; rocksdb and lmdb: the stores people use"}};
  p["budget_sweep"] = {{"type", "string"}, {"default", ""}, {"title", "Budget sweep (% of data)"},
                       {"description", "comma-separated budgets in percent of the data size (e.g. 5,10,25,50): one "
                                       "load and run per budget, each a point of the throughput-vs-memory view"}};
  m.params = {{"type", "object"}, {"properties", p}, {"required", json::array()}};
  m.metrics = {
      {"throughput", "ops/s", Direction::Maximize, "operations per second in the measured phase"},
      {"p50_latency", "us", Direction::Minimize, "median operation latency"},
      {"p99_latency", "us", Direction::Minimize, "99th percentile operation latency"},
      {"p999_latency", "us", Direction::Minimize, "99.9th percentile operation latency"},
      {"read_amplification", "", Direction::Minimize, "bytes read from disk per byte the workload read"},
      {"write_amplification", "", Direction::Minimize, "bytes written to disk per byte the workload wrote"},
      {"memory_used", "MiB", Direction::Minimize, "memory the store reports holding at the end"},
      {"memory_budget", "MiB", Direction::Minimize, "the budget it was given"},
      {"disk_space", "MiB", Direction::Minimize, "space its files occupy at the end"},
      {"load_time", "s", Direction::Minimize, "time to load the records"},
  };
  m.targets = {"local"};
  m.default_objectives = {"memory_budget", "throughput"};
  m.presets = {
      {"quick", {{"record_count", 20000}, {"operation_count", 20000}, {"warmup_ops", 2000}, {"memory_budget_mib", 1.0}}},
      {"ycsb-a-10x", {{"workload", "a"}, {"record_count", 400000}, {"memory_budget_mib", 4.0}}},
      {"memory-sweep", {{"workload", "b"}, {"record_count", 200000}, {"budget_sweep", "5,10,25,50"}}},
  };
  return m;
}

void KvModule::run(RunContext& ctx) {
  const std::string backend_name = ctx.param<std::string>("backend");
  ycsb::WorkloadSpec w = ycsb::WorkloadSpec::load(ctx.param<std::string>("workload"));
  w.record_count = ctx.param<std::uint64_t>("record_count");
  w.operation_count = ctx.param<std::uint64_t>("operation_count");
  w.key_size = ctx.param<std::uint32_t>("key_size");
  w.value_size = ctx.param<std::uint32_t>("value_size");
  if (w.key_size != 0 && w.key_size < 8) {
    throw InputError("parameter key_size: " + std::to_string(w.key_size) + " (expected 0 or at least 8 bytes)");
  }
  const std::string dist = ctx.param<std::string>("distribution");
  if (dist != "workload") w.distribution = distribution_of(dist);
  const int threads = ctx.param<int>("threads");
  const std::vector<double> sweep = parse_sweep(ctx.param<std::string>("budget_sweep"));
  const double rc_pct = ctx.param<double>("read_cache_pct"), cc_pct = ctx.param<double>("chunk_cache_pct"),
               ac_pct = ctx.param<double>("address_cache_pct");
  const bool ac_auto = ac_pct == -1;
  if (rc_pct < 0 || cc_pct < 0 || (ac_pct < 0 && !ac_auto) || rc_pct + cc_pct + std::max(ac_pct, 0.0) > 90) {
    char got[96];
    std::snprintf(got, sizeof got, "%g + %g + %g", rc_pct, cc_pct, ac_pct);
    throw InputError(std::string("parameters read_cache_pct + chunk_cache_pct + address_cache_pct: ") + got +
                     " % (expected each at least 0, address_cache_pct -1 for automatic, and together at most " +
                     "90 %, so that the hot log and indexes keep part of the budget)");
  }

  const double record_bytes = static_cast<double>(w.key(0).size() + w.value_size);
  const double data_bytes = record_bytes * static_cast<double>(w.record_count);
  std::vector<double> budgets;  // bytes
  if (sweep.empty()) {
    budgets.push_back(ctx.param<double>("memory_budget_mib") * 1024 * 1024);
  } else {
    for (double pct : sweep) budgets.push_back(std::max(data_bytes * pct / 100, 256.0 * 1024));
  }
  ctx.declare_series("throughput", "ops/s", "");
  ctx.info("data: " + std::to_string(w.record_count) + " records of " + std::to_string(static_cast<int>(record_bytes)) +
           " bytes (" + std::to_string(data_bytes / 1048576) + " MiB)");

  auto config_for = [&](double budget) {
    ycsb::BackendConfig c;
    c.memory_budget = static_cast<std::uint64_t>(budget);
    c.expected_keys = w.record_count;
    c.kv_bytes = static_cast<std::uint32_t>(record_bytes);
    c.threads = threads;
    c.read_cache_fraction = rc_pct / 100;
    c.chunk_cache_fraction = cc_pct / 100;
    c.address_cache_fraction = ac_pct / 100;
    return c;
  };
  // Every budget is checked before the first load: a sweep does not fail at its fifth point.
  const std::string budget_param = sweep.empty() ? "memory_budget_mib" : "budget_sweep";
  auto budget_words = [&](std::size_t i) {
    char b[96];
    if (sweep.empty()) std::snprintf(b, sizeof b, "%.3g MiB", budgets[i] / 1048576);
    else std::snprintf(b, sizeof b, "%g %% of the data (%.3g MiB)", sweep[i], budgets[i] / 1048576);
    return std::string(b);
  };
  const auto probe = ycsb::make_backend(backend_name);
  for (std::size_t i = 0; i < budgets.size(); ++i) {
    const std::string why = probe->check_budget(config_for(budgets[i]));
    if (why.empty()) continue;
    const std::uint64_t least = probe->min_memory_budget(config_for(budgets[i]));
    char need[160] = "";
    if (least > 0) {
      std::snprintf(need, sizeof need, " (from %.3g MiB, %.3g %% of the data, with these cache shares)",
                    static_cast<double>(least) / 1048576, 100.0 * static_cast<double>(least) / data_bytes);
    }
    throw InputError("parameter " + budget_param + ": " + budget_words(i) + " is too small for the " + backend_name +
                     " store with " + std::to_string(w.record_count) + " records" + need + ": " + why);
  }

  for (std::size_t i = 0; i < budgets.size(); ++i) {
    ctx.throw_if_cancelled();
    const double budget = budgets[i];
    const std::filesystem::path dir = ctx.scratch_dir() / ("store-" + std::to_string(i));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto backend = ycsb::make_backend(backend_name);
    ycsb::BackendConfig c = config_for(budget);
    c.dir = dir;
    try {
      backend->open(c);
    } catch (const std::runtime_error& e) {
      throw InputError("parameter " + budget_param + ": " + budget_words(i) + ": " + e.what());
    }
    ycsb::RunOptions o;
    o.workload = w;
    o.threads = threads;
    o.depth = ctx.param<int>("depth");
    o.warmup_ops = ctx.param<std::uint64_t>("warmup_ops");
    o.seed = ctx.seed();
    o.cancelled = [&ctx] { return ctx.cancelled(); };
    const double lo = static_cast<double>(i) / static_cast<double>(budgets.size());
    const double span = 1.0 / static_cast<double>(budgets.size());
    o.progress = [&, lo, span](double f, const std::string& msg) { ctx.progress(lo + span * f, msg); };
    const ycsb::RunResult r = ycsb::run_ycsb(*backend, o);
    if (r.cancelled) throw Cancelled();
    backend.reset();
    std::filesystem::remove_all(dir);

    const double mib = 1024.0 * 1024.0;
    std::map<std::string, double> metrics{
        {"throughput", r.throughput},
        {"p50_latency", r.all.p50_us},
        {"p99_latency", r.all.p99_us},
        {"p999_latency", r.all.p999_us},
        {"read_amplification", r.read_amp},
        {"write_amplification", r.write_amp},
        {"memory_used", static_cast<double>(r.final_stats.memory_bytes) / mib},
        {"memory_budget", budget / mib},
        {"disk_space", static_cast<double>(r.final_stats.disk_space_bytes) / mib},
        {"load_time", r.load_seconds},
    };
    // One trace series per run; in a sweep, consecutive budgets follow each other in time.
    const std::string series = sweep.empty() ? "throughput" : "throughput @" + std::to_string(std::lround(sweep[i])) + "%";
    if (!sweep.empty()) ctx.declare_series(series, "ops/s", "");
    std::vector<double> ts, vs;
    for (const auto& [t, v] : r.trace) ts.push_back(t), vs.push_back(v);
    if (!ts.empty()) ctx.trace(series, ts, vs);
    Point pt;
    pt.config = {{"backend", backend_name}, {"memory_budget_mib", budget / mib}, {"workload", w.name},
                 {"threads", threads}, {"depth", o.depth}, {"record_count", w.record_count}};
    if (backend_name == "f2") {
      // What the store used: at least the parameter, more where the hot log's memory is capped.
      pt.config["read_cache_pct"] = rc_pct;
      for (const auto& [part, bytes] : r.final_stats.memory_parts) {
        if (part == "read_cache") pt.config["read_cache_pct"] = std::round(static_cast<double>(bytes) / budget * 1000) / 10;
      }
      pt.config["chunk_cache_pct"] = cc_pct;
      // What the store used (automatic: its share at this budget, at most what holds every key
      // and, at a small budget, what leaves the hot log its minimum).
      for (const auto& [part, bytes] : r.final_stats.memory_parts) {
        if (part == "address_cache") pt.config["address_cache_pct"] = std::round(static_cast<double>(bytes) / budget * 1000) / 10;
      }
      if (ac_auto) pt.config["address_cache_auto"] = true;
    }
    pt.metrics = metrics;
    pt.label = backend_name;
    ctx.point(pt);
    ctx.info(backend_name + " at " + std::to_string(budget / mib) + " MiB: " + std::to_string(r.throughput) +
             " ops/s, p99 " + std::to_string(r.all.p99_us) + " us, read amp " + std::to_string(r.read_amp) +
             ", write amp " + std::to_string(r.write_amp) + " (" + r.final_stats.notes + ")");
    if (sweep.empty() || i + 1 == budgets.size()) {
      for (const auto& [name, v] : metrics) ctx.metric(name, v);
    }
  }
}

}  // namespace plab::kv
