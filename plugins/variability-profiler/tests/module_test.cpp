// The module end to end through an in-memory RunContext, for each kind of target.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "core/util/error.h"
#include "plugins/variability-profiler/src/variability_module.h"
#include "plugins/variability-profiler/tests/recording_context.h"

namespace plab::variability {
namespace {

using testing::default_params;
using testing::RecordingContext;
using testing::target;

TEST(VariabilityModule, DescribesItself) {
  const ModuleInfo info = VariabilityModule().info();
  EXPECT_EQ(info.id, "variability-profiler");
  EXPECT_NE(info.paper.url.find("2208.11035"), std::string::npos);
  EXPECT_EQ(info.targets, (std::vector<std::string>{"local", "cluster:*", "csv:*"}));
  for (auto it = info.params["properties"].begin(); it != info.params["properties"].end(); ++it)
    EXPECT_TRUE(it.value().contains("default")) << it.key();
  // The JSON form round-trips through the contract's own parser.
  EXPECT_NO_THROW(module_info_from_json(to_json(info), "variability-profiler"));
}

TEST(VariabilityModule, SimulatedSummitReportsMetricsPointsAndTraces) {
  VariabilityModule m;
  RecordingContext ctx(default_params(m.info(), {{"devices", 600},
                                                 {"repetitions", 2},
                                                 {"bootstrap_resamples", 50},
                                                 {"applications", "sgemm,pagerank"},
                                                 {"trace_devices", 4}}),
                       target("cluster", "summit"));
  m.run(ctx);
  EXPECT_GT(ctx.metrics.at("variation_pct"), 2.0);
  EXPECT_LE(ctx.metrics.at("variation_pct_ci_low"), ctx.metrics.at("variation_pct"));
  EXPECT_GE(ctx.metrics.at("variation_pct_ci_high"), ctx.metrics.at("variation_pct"));
  EXPECT_EQ(ctx.metrics.at("devices"), 600);
  EXPECT_EQ(ctx.metrics.at("runs"), 600 * 2 * 2);
  EXPECT_EQ(ctx.metrics.at("applications"), 2);
  EXPECT_EQ(ctx.metrics.at("power_available"), 1);
  EXPECT_TRUE(ctx.metrics.count("sgemm.variation_pct"));
  EXPECT_TRUE(ctx.metrics.count("sgemm.frequency_mhz.spearman_rho"));
  EXPECT_TRUE(ctx.metrics.count("pagerank.repeatability_ratio"));
  ASSERT_EQ(ctx.points.size(), 1200u);  // one per application and device
  std::size_t outliers = 0;
  std::map<std::string, std::vector<std::pair<double, double>>>
      rank_perf;  // application -> (rank, norm_perf)
  for (const auto& p : ctx.points) {
    EXPECT_TRUE(p.config.contains("device") && p.config.contains("application") && p.config.contains("node"));
    EXPECT_EQ(p.config.value("cluster", ""), "summit");
    // What the box, scatter and ranking views read.
    for (const char* k :
         {"norm_perf", "norm_duration", "rank", "outlier", "frequency_mhz", "power_w", "temperature_c"})
      EXPECT_TRUE(p.metrics.count(k)) << k;
    rank_perf[p.config["application"]].emplace_back(p.metrics.at("rank"), p.metrics.at("norm_perf"));
    if (p.metrics.at("outlier") == 1) {
      ++outliers;
      EXPECT_EQ(p.label, "outlier");
    }
  }
  EXPECT_EQ(static_cast<double>(outliers), ctx.metrics.at("outliers"));
  // Ranks are 1..n per application, fastest (highest norm_perf) first.
  for (auto& [app, v] : rank_perf) {
    std::sort(v.begin(), v.end());
    for (std::size_t i = 0; i < v.size(); ++i) {
      EXPECT_EQ(v[i].first, static_cast<double>(i + 1)) << app;
      if (i > 0) {
        EXPECT_GE(v[i - 1].second, v[i].second) << app;
      }
    }
  }
  EXPECT_FALSE(ctx.has_log(LogLevel::Info, "sgemm on "));  // too many devices for per-device lines
  // 4 devices per application, 4 quantities each, non-decreasing time.
  EXPECT_EQ(ctx.traces.size(), 2u * 4u * 4u);
  for (const auto& [name, samples] : ctx.traces)
    for (std::size_t i = 1; i < samples.size(); ++i)
      EXPECT_LE(samples[i - 1].first, samples[i].first) << name;
  ASSERT_TRUE(ctx.artifacts.count("measurements.csv"));
  EXPECT_EQ(ctx.artifacts.at("measurements.csv").first, "text/csv");
  EXPECT_DOUBLE_EQ(ctx.last_progress, 1.0);
}

TEST(VariabilityModule, ImportsCsvAndReimportsItsOwnArtifact) {
  VariabilityModule m;
  RecordingContext ctx(default_params(m.info(), {{"bootstrap_resamples", 50}}),
                       target("csv", PLAB_VARIABILITY_FIXTURES "/measurements_good.csv"));
  m.run(ctx);
  EXPECT_EQ(ctx.metrics.at("devices"), 4);
  EXPECT_EQ(ctx.metrics.at("sgemm.outliers"), 1);
  EXPECT_EQ(ctx.metrics.at("pagerank.outliers"), 0);
  bool named = false;
  for (const auto& p : ctx.points)
    if (p.label == "outlier") named = p.config["device"] == "GPU-dddd" && p.config["application"] == "sgemm";
  EXPECT_TRUE(named);
  EXPECT_EQ(ctx.points.front().config.value("cluster", ""), "measurements_good");
  EXPECT_TRUE(ctx.has_log(LogLevel::Info, "sgemm on GPU-dddd: rank 4/4"));
  // The stored CSV artifact is itself importable.
  const auto file = std::filesystem::temp_directory_path() / "plab-variability-artifact.csv";
  std::ofstream(file) << ctx.artifacts.at("measurements.csv").second;
  RecordingContext again(default_params(m.info(), {{"bootstrap_resamples", 50}}),
                         target("csv", file.string()));
  m.run(again);
  EXPECT_DOUBLE_EQ(again.metrics.at("sgemm.variation_pct"), ctx.metrics.at("sgemm.variation_pct"));
  std::filesystem::remove(file);
}

TEST(VariabilityModule, BadCsvNamesTheLine) {
  const auto file = std::filesystem::temp_directory_path() / "plab-variability-bad.csv";
  std::ofstream(file) << "device,node,application,repetition,duration_s\ng0,n0,a,0,1\ng1,n0,a,0,slow\n";
  VariabilityModule m;
  RecordingContext ctx(default_params(m.info()), target("csv", file.string()));
  try {
    m.run(ctx);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string() + ":3"), std::string::npos) << e.what();
  }
  std::filesystem::remove(file);
}

TEST(VariabilityModule, LocalRunReportsPerCoreResultsAndMissingSensors) {
  VariabilityModule m;
  RecordingContext ctx(default_params(m.info(), {{"repetitions", 2},
                                                 {"warmup", 0},
                                                 {"gemm_n", 32},
                                                 {"triad_mib", 1},
                                                 {"pagerank_nodes", 512},
                                                 {"bootstrap_resamples", 50},
                                                 {"applications", "gemm,triad,pagerank"}}),
                       target("local"));
  m.run(ctx);
  EXPECT_GE(ctx.metrics.at("devices"), 1);
  for (const char* s : {"frequency_available", "power_available", "temperature_available"}) {
    ASSERT_TRUE(ctx.metrics.count(s)) << s;
    if (ctx.metrics.at(s) == 0) {
      EXPECT_TRUE(ctx.has_log(LogLevel::Warning, "sensor missing")) << s;
    }
  }
  // Every traced series says its unit and that t is campaign time (the trace view's axes).
  ASSERT_FALSE(ctx.traces.empty());
  for (const auto& [series, samples] : ctx.traces) {
    ASSERT_TRUE(ctx.units.count(series)) << series << " was traced but never declared";
    EXPECT_EQ(ctx.x_axes[series], "campaign time (s)") << series;
    const std::pair<const char*, const char*> kUnits[] = {
        {"/duration_s", "s"}, {"/frequency_mhz", "MHz"}, {"/power_w", "W"}, {"/temperature_c", "°C"}};
    for (const auto& [suffix, unit] : kUnits) {
      if (series.ends_with(suffix)) {
        EXPECT_EQ(ctx.units[series], unit) << series;
      }
    }
  }
  EXPECT_TRUE(ctx.traces.count("gemm/cpu0/duration_s"));
  // Per-core results: one log line per application and core.
  EXPECT_TRUE(ctx.has_log(LogLevel::Info, "gemm on cpu"));
  EXPECT_TRUE(ctx.has_log(LogLevel::Info, "pagerank on cpu"));
  if (ctx.metrics.at("devices") >= 2) {
    EXPECT_EQ(ctx.points.size(), 3u * static_cast<std::size_t>(ctx.metrics.at("devices")));
    for (const auto& p : ctx.points) {
      EXPECT_EQ(p.config["device"].get<std::string>().rfind("cpu", 0), 0u);
      EXPECT_EQ(p.config.value("cluster", ""), "local");
      if (ctx.metrics.at("power_available") == 0) {
        EXPECT_FALSE(p.metrics.count("power_w"));
      }
    }
  }
}

TEST(VariabilityModule, RefusesUnknownTargetsAndPresets) {
  VariabilityModule m;
  RecordingContext a(default_params(m.info()), target("ssh", "host"));
  EXPECT_THROW(m.run(a), InputError);
  RecordingContext b(default_params(m.info()), target("cluster", "titan"));
  EXPECT_THROW(m.run(b), InputError);
  RecordingContext c(default_params(m.info(), {{"cores", "0,x"}}), target("local"));
  EXPECT_THROW(m.run(c), InputError);
}

}  // namespace
}  // namespace plab::variability
