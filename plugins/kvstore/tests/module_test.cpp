// The `kv-store` module: its self-description is a valid schema; a small run of each backend
// reports every metric, a throughput trace and a point; a budget sweep gives one point per budget;
// bad parameters are refused naming the field; the built plugin loads through the host's loader.
#include <gtest/gtest.h>

#include <mutex>

#include "core/experiment/plugin_loader.h"
#include "core/experiment/schema.h"
#include "plugins/kvstore/module/kv_module.h"
#include "plugins/kvstore/tests/test_dir.h"
#include "plugins/kvstore/ycsb/backend.h"

namespace plab::kv {
namespace {

/// A RunContext that records everything in memory.
class RecordingContext final : public RunContext {
 public:
  RecordingContext(nlohmann::json params, std::filesystem::path scratch)
      : params_(std::move(params)), scratch_(std::move(scratch)), rng_(7) {
    target_.id = target_.kind = "local";
  }
  const nlohmann::json& params() const override { return params_; }
  const hw::TargetInfo& target() const override { return target_; }
  std::uint64_t seed() const override { return 7; }
  std::mt19937_64& rng() override { return rng_; }
  const std::filesystem::path& scratch_dir() const override { return scratch_; }
  void progress(double fraction, std::string_view) override {
    std::lock_guard<std::mutex> l(m_);
    EXPECT_GE(fraction, last_progress - 1e-9) << "progress went backwards";
    last_progress = fraction;
  }
  void log(LogLevel, std::string_view message) override {
    std::lock_guard<std::mutex> l(m_);
    logs.emplace_back(message);
  }
  void declare_series(std::string_view, std::string_view, std::string_view) override {}
  void trace(std::string_view series, double t, double v) override {
    std::lock_guard<std::mutex> l(m_);
    traces[std::string(series)].emplace_back(t, v);
  }
  void trace(std::string_view series, std::span<const double> t, std::span<const double> v) override {
    for (std::size_t i = 0; i < t.size(); ++i) trace(series, t[i], v[i]);
  }
  void point(const Point& p) override {
    std::lock_guard<std::mutex> l(m_);
    points.push_back(p);
  }
  void metric(std::string_view name, double value) override {
    std::lock_guard<std::mutex> l(m_);
    metrics[std::string(name)] = value;
  }
  void artifact(std::string_view, const std::filesystem::path&, std::string_view) override {}
  bool cancelled() const override { return false; }

  double last_progress = 0;
  std::vector<std::string> logs;
  std::map<std::string, std::vector<std::pair<double, double>>> traces;
  std::vector<Point> points;
  std::map<std::string, double> metrics;

 private:
  nlohmann::json params_;
  std::filesystem::path scratch_;
  hw::TargetInfo target_;
  std::mt19937_64 rng_;
  std::mutex m_;
};

nlohmann::json params(const nlohmann::json& overrides) {
  KvModule m;
  const ParamSchema schema = ParamSchema::from_json(m.info().params, "kv-store");
  nlohmann::json base = {{"record_count", 20000}, {"operation_count", 20000}, {"warmup_ops", 2000},
                         {"memory_budget_mib", 0.75}};
  base.update(overrides);
  return schema.apply(base, "test");
}

TEST(KvModule, DescribesItselfWithAValidSchema) {
  KvModule m;
  const ModuleInfo info = m.info();
  EXPECT_EQ(info.id, "kv-store");
  const ParamSchema schema = ParamSchema::from_json(info.params, "kv-store");
  for (const char* p : {"workload", "record_count", "key_size", "value_size", "threads", "depth", "memory_budget_mib",
                        "backend", "budget_sweep"}) {
    EXPECT_NE(schema.find(p), nullptr) << p;
  }
  for (const auto& [name, preset] : info.presets.items()) {
    EXPECT_TRUE(schema.validate(preset).empty()) << "preset " << name;
  }
  EXPECT_TRUE(schema.validate({{"backend", "no-such-store"}}).size() == 1);
}

class KvModuleRun : public ::testing::TestWithParam<std::string> {};

TEST_P(KvModuleRun, ReportsMetricsTraceAndPoint) {
  test::ScratchDir dir("module-" + GetParam());
  RecordingContext ctx(params({{"backend", GetParam()}, {"workload", "a"}}), dir.path);
  KvModule m;
  m.run(ctx);
  for (const char* k : {"throughput", "p50_latency", "p99_latency", "p999_latency", "read_amplification",
                        "write_amplification", "memory_used", "memory_budget", "disk_space", "load_time"}) {
    ASSERT_TRUE(ctx.metrics.count(k)) << k;
  }
  EXPECT_GT(ctx.metrics["throughput"], 0);
  EXPECT_GT(ctx.metrics["p99_latency"], 0);
  EXPECT_GE(ctx.metrics["p999_latency"], ctx.metrics["p99_latency"]);
  EXPECT_GE(ctx.metrics["p99_latency"], ctx.metrics["p50_latency"]);
  EXPECT_GT(ctx.metrics["write_amplification"], 0);  // YCSB-A writes half the time
  EXPECT_GT(ctx.metrics["disk_space"], 0);
  EXPECT_NEAR(ctx.metrics["memory_budget"], 0.75, 1e-9);
  ASSERT_EQ(ctx.points.size(), 1u);
  EXPECT_EQ(ctx.points[0].label, GetParam());
  EXPECT_EQ(ctx.points[0].config["backend"], GetParam());
  ASSERT_TRUE(ctx.traces.count("throughput"));
  EXPECT_FALSE(ctx.traces["throughput"].empty());
  EXPECT_NEAR(ctx.last_progress, 1.0, 1e-9);
  if (GetParam() == "f2") {
    // The store keeps inside its budget (small slack for index overflow buckets).
    EXPECT_LE(ctx.metrics["memory_used"], 0.75 * 1.05);
    // 20000 records of ~110 bytes are ~2 MiB: most data is not in memory, so reads hit the disk.
    EXPECT_GT(ctx.metrics["read_amplification"], 0);
    // The address cache's share as used: automatic (45 % of 0.75 MiB), capped at what holds
    // every key (2381 buckets of 64 bytes, 19.4 % of the budget).
    EXPECT_EQ(ctx.points[0].config["address_cache_auto"], true);
    EXPECT_NEAR(ctx.points[0].config["address_cache_pct"].get<double>(), 19.4, 1e-9);
  }
}

TEST_P(KvModuleRun, BatchedOperationsReadAndWrite) {
  // Eight operations in flight per thread (run_batch: the store's batched reads, RocksDB's
  // MultiGet); YCSB-F mixes reads with read-modify-writes, every key exists.
  test::ScratchDir dir("module-depth-" + GetParam());
  RecordingContext ctx(params({{"backend", GetParam()}, {"workload", "f"}, {"depth", 8}}), dir.path);
  KvModule m;
  m.run(ctx);
  EXPECT_GT(ctx.metrics["throughput"], 0);
  EXPECT_GT(ctx.metrics["write_amplification"], 0);
  ASSERT_EQ(ctx.points.size(), 1u);
  EXPECT_EQ(ctx.points[0].config["depth"], 8);
  if (GetParam() == "f2") {
    EXPECT_GT(ctx.metrics["read_amplification"], 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, KvModuleRun, ::testing::ValuesIn(ycsb::available_backends()));

TEST(KvModule, BudgetSweepGivesOnePointPerBudget) {
  test::ScratchDir dir("module-sweep");
  // Fewer operations than the other runs: the two budgets differ by 3x, so 8000 reads tell them apart.
  RecordingContext ctx(params({{"budget_sweep", "20,60"}, {"workload", "c"}, {"operation_count", 8000}, {"warmup_ops", 1000}}),
                       dir.path);
  KvModule m;
  m.run(ctx);
  ASSERT_EQ(ctx.points.size(), 2u);
  EXPECT_LT(ctx.points[0].metrics.at("memory_budget"), ctx.points[1].metrics.at("memory_budget"));
  EXPECT_TRUE(ctx.traces.count("throughput @20%"));
  EXPECT_TRUE(ctx.traces.count("throughput @60%"));
  // At 60 % of the data the hot log's memory is capped and the read cache takes the rest; at 20 % it
  // keeps its 5 % (within a page's rounding).
  EXPECT_LE(ctx.points[0].config["read_cache_pct"].get<double>(), 5.0);
  EXPECT_GT(ctx.points[1].config["read_cache_pct"].get<double>(), 20.0);
  // With three times the memory, a read-only Zipfian workload reads less from disk per byte.
  EXPECT_LT(ctx.points[1].metrics.at("read_amplification"), ctx.points[0].metrics.at("read_amplification"));
}

TEST(KvModule, BadParametersNameTheField) {
  test::ScratchDir dir("module-bad");
  KvModule m;
  {
    RecordingContext ctx(params({{"budget_sweep", "10,lots"}}), dir.path);
    try {
      m.run(ctx);
      FAIL() << "accepted a bad sweep";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("budget_sweep"), std::string::npos) << e.what();
    }
  }
  {
    RecordingContext ctx(params({{"key_size", 4}}), dir.path);
    EXPECT_THROW(m.run(ctx), InputError);
  }
  {
    RecordingContext ctx(params({{"read_cache_pct", 60.0}, {"chunk_cache_pct", 40.0}}), dir.path);
    try {
      m.run(ctx);
      FAIL() << "accepted caches taking the whole budget";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("chunk_cache_pct"), std::string::npos) << e.what();
    }
  }
  {
    // The address cache's share counts too: 5 + 0 + 90 leaves nothing for the hot log.
    RecordingContext ctx(params({{"address_cache_pct", 90.0}}), dir.path);
    try {
      m.run(ctx);
      FAIL() << "accepted caches taking the whole budget";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("address_cache_pct"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("5 + 0 + 90"), std::string::npos) << e.what();
    }
  }
  {
    // Only -1 (automatic) may be negative (below -1 the schema refuses it already).
    RecordingContext ctx(params({{"address_cache_pct", -0.5}}), dir.path);
    try {
      m.run(ctx);
      FAIL() << "accepted a negative share other than -1 (automatic)";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("address_cache_pct"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("5 + 0 + -0.5"), std::string::npos) << e.what();
    }
  }
  {
    // 1000 records in a 0.25 MiB budget fit, but a huge record count makes the cold index alone
    // exceed it: refused with the budget named.
    RecordingContext ctx(params({{"memory_budget_mib", 0.25}, {"record_count", 200000000}}), dir.path);
    try {
      m.run(ctx);
      FAIL() << "accepted an impossible budget";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("memory_budget_mib"), std::string::npos) << e.what();
    }
  }
  {
    // A sweep whose smallest budget is below the store's minimum (a 70 % address cache beside
    // the cold-index directory of 200,000 keys) is refused before anything is loaded, naming the
    // sweep and that budget.
    RecordingContext ctx(params({{"budget_sweep", "50,2"}, {"address_cache_pct", 70.0}, {"record_count", 200000}}),
                         dir.path);
    try {
      m.run(ctx);
      FAIL() << "accepted a sweep with an impossible budget";
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("budget_sweep: 2 % of the data"), std::string::npos) << what;
      EXPECT_NE(what.find("is too small for the f2 store"), std::string::npos) << what;
      EXPECT_NE(what.find("% of the data, with these cache shares)"), std::string::npos) << what;  // the least, as a share
      EXPECT_NE(what.find("directory"), std::string::npos) << what;  // and the store's own reason
    }
    EXPECT_TRUE(ctx.points.empty());  // the 50 % point did not run first
  }
}

#ifdef PLAB_KV_PLUGIN
TEST(KvModule, PluginLoadsThroughTheHost) {
  PluginRegistry reg;
  ASSERT_TRUE(reg.load_file(PLAB_KV_PLUGIN)) << (reg.failures().empty() ? "" : reg.failures()[0].reason);
  auto mod = reg.get("kv-store");
  EXPECT_EQ(mod->info().metrics.size(), KvModule().info().metrics.size());
  EXPECT_TRUE(mod->supports_target("local"));
}
#endif

}  // namespace
}  // namespace plab::kv
