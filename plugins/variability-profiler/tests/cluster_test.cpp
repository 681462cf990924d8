// Cluster presets: every number cited, and the simulated clusters reproduce the paper's headline.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/util/error.h"
#include "plugins/variability-profiler/src/analysis.h"
#include "plugins/variability-profiler/src/cluster_preset.h"
#include "plugins/variability-profiler/src/cluster_sim.h"

namespace plab::variability {
namespace {

const std::vector<std::filesystem::path> kDirs = {PLAB_DATA_DIR "/clusters"};

TEST(ClusterPreset, AllFiveClustersLoad) {
  EXPECT_EQ(list_cluster_presets(kDirs),
            (std::vector<std::string>{"corona", "frontera", "longhorn", "summit", "vortex"}));
  for (const auto& id : list_cluster_presets(kDirs)) {
    const ClusterPreset p = find_cluster_preset(id, kDirs);
    EXPECT_EQ(p.id, id);
    EXPECT_FALSE(p.apps.empty());
  }
  const ClusterPreset s = find_cluster_preset("summit", kDirs);
  // OLCF: 4,608 nodes x 6 V100 = 27,648 GPUs; V100 SXM2: 1530 MHz, 300 W.
  EXPECT_EQ(s.gpus(), 27648u);
  EXPECT_EQ(s.gpu_model, "NVIDIA Tesla V100-SXM2-16GB");
  EXPECT_DOUBLE_EQ(s.power_cap_w, 300);
  EXPECT_DOUBLE_EQ(s.max_sm_clock_mhz, 1530);
  EXPECT_EQ(find_cluster_preset("frontera", kDirs).gpus(), 360u);  // 90 nodes x 4 RTX 5000
}

TEST(ClusterPreset, RefusesUnknownPresetsAndPaths) {
  try {
    find_cluster_preset("titan", kDirs);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("available: corona, frontera"), std::string::npos) << e.what();
  }
  EXPECT_THROW(find_cluster_preset("../clusters/summit", kDirs), InputError);
}

// Writes summit.json with one edit applied, and expects the loader to refuse it naming `field`.
void expect_refused_edit(const std::function<void(nlohmann::json&)>& edit, const std::string& field) {
  nlohmann::json j = find_cluster_preset("summit", kDirs).json;
  edit(j);
  const auto f = std::filesystem::temp_directory_path() / "plab-variability-bad-preset.json";
  std::ofstream(f) << j.dump();
  try {
    load_cluster_preset(f);
    FAIL() << "accepted an edit of " << field;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(f.string()), std::string::npos) << e.what();
  }
  std::filesystem::remove(f);
}

TEST(ClusterPreset, EveryNumberNeedsASource) {
  expect_refused_edit([](auto& j) { j["gpu"]["boost_mhz"] = 1600; }, "gpu.boost_mhz");
  expect_refused_edit([](auto& j) { j["sources"].erase("nodes"); }, "'nodes'");
  expect_refused_edit([](auto& j) { j["sources"]["nodes"] = ""; }, "sources entry 'nodes'");
}

TEST(ClusterPreset, ValidatesRangesAndTypes) {
  expect_refused_edit([](auto& j) { j["applications"]["sgemm"]["freq_share"] = 1.5; },
                      "applications.sgemm.freq_share");
  expect_refused_edit([](auto& j) { j["applications"]["sgemm"]["kind"] = "io"; }, "applications.sgemm.kind");
  expect_refused_edit([](auto& j) { j["gpu"].erase("power_cap_w"); }, "gpu.power_cap_w");
  expect_refused_edit([](auto& j) { j["schema"] = "v2"; }, "schema");
  expect_refused_edit([](auto& j) { j["applications"]["sgemm"]["median_power_w"] = 400; },
                      "applications.sgemm.median_power_w");  // above the 300 W cap
}

TEST(ClusterSim, SummitNamesAndSamplingAreStable) {
  const ClusterPreset s = find_cluster_preset("summit", kDirs);
  EXPECT_EQ(node_name(s, 0), "a01n01");
  EXPECT_EQ(node_name(s, 18), "a02n01");
  EXPECT_EQ(node_name(s, 18 * 32), "b01n01");
  SimOptions o;
  o.devices = 300;
  o.repetitions = 2;
  o.applications = {"sgemm"};
  const Dataset sample = simulate_cluster(s, o);
  EXPECT_EQ(sample.devices.size(), 300u);
  EXPECT_EQ(sample.runs.size(), 600u);
  // The same GPU gets the same values whether sampled alone or with the others.
  o.devices = 0;
  o.applications = {"sgemm"};
  const Dataset all = simulate_cluster(s, o);
  EXPECT_EQ(all.devices.size(), 27648u);
  const Measurement& m = sample.runs[0];
  const std::string& id = sample.devices[m.device].id;
  bool found = false;
  for (const auto& n : all.runs)
    if (all.devices[n.device].id == id && n.repetition == m.repetition) {
      EXPECT_DOUBLE_EQ(n.duration_s, m.duration_s);
      found = true;
      break;
    }
  EXPECT_TRUE(found);
  o.applications = {"hpl"};
  EXPECT_THROW(simulate_cluster(s, o), InputError);
}

// arXiv 2208.11035 v3, abstract: "8% (max 22%) average performance variation ... outliers up to
// 1.5x slower than the median GPU". The Summit preset puts the 1.5x outliers on Summit and its
// applications average 8%; tolerance: +-1 percentage point on the average (sampling error of the
// fences with 27,648 GPUs is ~0.2 pt), 1.4 .. 1.6 on the slowest GPU.
TEST(ClusterSim, SummitReproducesTheHeadlineFigures) {
  const ClusterPreset s = find_cluster_preset("summit", kDirs);
  SimOptions o;
  o.devices = 0;  // all 27,648 GPUs
  o.repetitions = 3;
  o.seed = 2022;
  const Dataset d = simulate_cluster(s, o);
  AnalysisOptions ao;
  ao.bootstrap_resamples = 20;
  ao.seed = 3;
  const Report r = analyse(d, ao);
  ASSERT_EQ(r.apps.size(), 5u);
  EXPECT_NEAR(r.mean_variation.estimate, 8.0, 1.0);
  EXPECT_GE(r.max_slowdown, 1.4);
  EXPECT_LE(r.max_slowdown, 1.6);
  for (const auto& app : r.apps) {
    const double target = s.app(app.application)->variation_pct;
    EXPECT_NEAR(app.variation.estimate, target, 0.1 * target) << app.application;
    EXPECT_GT(app.outliers, 0u) << app.application;  // the slow GPUs stand out in every application
  }
  // Compute-bound SGEMM: performance follows the SM clock (the paper's power-management finding).
  const auto sgi =
      std::find_if(r.apps.begin(), r.apps.end(), [](const AppResult& a) { return a.application == "sgemm"; });
  ASSERT_NE(sgi, r.apps.end());
  const AppResult& sg = *sgi;
  ASSERT_FALSE(sg.correlations.empty());
  EXPECT_EQ(sg.correlations[0].sensor, "frequency_mhz");
  EXPECT_GT(sg.correlations[0].spearman.r, 0.7);
}

// Over all five presets the mean of the (cluster, application) variations is the abstract's 8% and
// the largest its 22%. Tolerance: +-1 pt on the mean; +-4.5 pts on the maximum, which comes from
// Corona's 320 GPUs, where the fence span has a sampling standard error of about 6.5% of its value
// (1.4 pts at 22%): the bound is three standard errors.
TEST(ClusterSim, AllClustersTogetherGiveEightPercentMaxTwentyTwo) {
  double sum = 0, mx = 0;
  int n = 0;
  for (const auto& id : list_cluster_presets(kDirs)) {
    const ClusterPreset p = find_cluster_preset(id, kDirs);
    SimOptions o;
    o.devices = 0;  // whole clusters, except Summit sampled to keep the test fast
    if (id == "summit") o.devices = 4000;
    o.repetitions = 3;
    o.seed = 5;
    AnalysisOptions ao;
    ao.bootstrap_resamples = 20;
    const Report r = analyse(simulate_cluster(p, o), ao);
    for (const auto& app : r.apps) {
      sum += app.variation.estimate;
      mx = std::max(mx, app.variation.estimate);
      ++n;
    }
  }
  EXPECT_EQ(n, 19);
  EXPECT_NEAR(sum / n, 8.0, 1.0);
  EXPECT_NEAR(mx, 22.0, 4.5);
}

}  // namespace
}  // namespace plab::variability
