// The tuner on simulated devices: constrained BO finds a near-optimal feasible configuration in
// few evaluations, the default configuration wastes energy, fine-tuning is scheduled only where
// the predicted latency meets the SLO, and bad configurations are refused with the field named.
#include "plugins/energy-tuner/src/tuner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/util/error.h"

namespace plab::energy {
namespace {

hw::DeviceModel load(const std::string& id) {
  return hw::load_device_model(std::filesystem::path(PLAB_DATA_DIR) / "devices" / (id + ".json"));
}

TEST(Tuner, ConstrainedBoComesWithinFivePercentOfTheExhaustiveOptimum) {
  const hw::DeviceModel d = load("jetson-agx-orin");
  int reached = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    TunerOptions o;
    o.budget = 30;
    o.seed = seed;
    EnergyTuner t(d, "resnet-50", o);
    const TuningResult r = t.run();
    ASSERT_TRUE(r.optimum_energy_j);
    ASSERT_TRUE(r.best);
    EXPECT_EQ(r.grid_size, 1820u);
    EXPECT_EQ(r.cpu_sweep.size(), 14u);  // phase 1: every CPU level
    EXPECT_GE(r.evaluations[*r.best].truth.energy_j, *r.optimum_energy_j * 0.999);
    if (r.evals_to_within_5pct && *r.evals_to_within_5pct <= 30) ++reached;
  }
  EXPECT_GE(reached, 2);
}

TEST(Tuner, ExpectedImprovementStoppingRuleEndsTheSearchEarly) {
  const hw::DeviceModel d = load("nvidia-v100");
  TunerOptions o;
  o.budget = 35;
  o.ei_stop = 0.01;  // 1% expected saving in log energy
  EnergyTuner t(d, "resnet-50", o);
  const TuningResult r = t.run();
  EXPECT_EQ(r.stop_reason, "ei below threshold");
  EXPECT_LT(r.evaluations.size(), 35u);
}

TEST(Tuner, DefaultConfigurationIsFarAboveTheOptimum) {
  // PolyThrottle: defaults are far above the optimum; up to 36% saved.
  const hw::DeviceModel d = load("jetson-agx-orin");
  TunerOptions o;
  o.optimiser = "grid";
  o.budget = 100000;
  o.batch = 4;
  EnergyTuner t(d, "efficientnet-b0", o);
  const TuningResult r = t.run();
  ASSERT_EQ(r.evaluations.size(), 364u);
  const double saving = 1.0 - *r.optimum_energy_j / r.default_config.truth.energy_j;
  EXPECT_GT(saving, 0.15);
  EXPECT_LT(saving, 0.5);
  ASSERT_TRUE(r.evals_to_within_5pct);
}

TEST(Tuner, MeasurementsScatterAroundTheTruth) {
  const hw::DeviceModel d = load("nvidia-v100");
  EnergyTuner t(d, "bert-base", {});
  std::mt19937_64 rng(4);
  const HwConfig c = t.config_from_json({{"power_limit", 150}, {"batch_size", 4}});
  double sum = 0;
  for (int i = 0; i < 200; ++i) sum += t.evaluate(c, rng).measured.energy_j;
  const double truth = t.evaluate(c, rng).truth.energy_j;
  EXPECT_NEAR(sum / 200 / truth, 1.0, 0.01);
}

TEST(Tuner, FineTuningRunsOnlyWherePredictedLatencyMeetsTheSlo) {
  // PolyThrottle's test on a 60 s stream: with a 250 ms SLO no fine-tuning fits, with 700 ms it runs.
  const hw::DeviceModel d = load("jetson-tx2");
  TunerOptions o;
  o.workload.rate_rps = 2;
  o.finetune = {60.0, 64, 8};
  o.batch = 1;
  HwConfig c;
  {
    o.workload.slo_ms = 250;
    EnergyTuner t(d, "bert-base", o);
    std::mt19937_64 rng(1);
    const Evaluation e = t.evaluate(t.default_config(1), rng);
    EXPECT_EQ(e.ft_truth.micro_batch, 0);
    EXPECT_FALSE(e.true_feasible);
  }
  {
    o.workload.slo_ms = 700;
    EnergyTuner t(d, "bert-base", o);
    std::mt19937_64 rng(1);
    const Evaluation e = t.evaluate(t.default_config(1), rng);
    EXPECT_GT(e.ft_truth.micro_batch, 0);
    EXPECT_LE(e.ft_truth.predicted_p99_ms, 700);
    EXPECT_LE(e.ft_truth.p99_ms, 700 * 1.05);  // the predictor is fitted, not exact
    EXPECT_LE(e.ft_truth.completion_s, 60);
    EXPECT_GT(e.ft_truth.p99_ms, e.truth.latency_p99_ms);  // sharing the GPU costs latency
  }
}

TEST(Tuner, InterferencePredictorLearnsTheColocationModel) {
  InterferencePredictor p;
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(5, 200);
  for (int i = 0; i < 20; ++i) {
    const double b = u(rng), c = u(rng);
    p.add_profile(b, c, colocated_batch_ms(b, c, 0.1));
  }
  p.fit();
  EXPECT_NEAR(p.predict(50, 20), colocated_batch_ms(50, 20, 0.1), 1e-6);
  EXPECT_NEAR(p.predict(50, 500), colocated_batch_ms(50, 500, 0.1), 1e-6);
}

TEST(Tuner, OverloadedConfigurationsAreMarkedByLoadNotByTheirLatency) {
  // The optimiser sees log(p99 / SLO) only where the device keeps up, and log(rate / throughput)
  // everywhere: an overloaded configuration's latency (a queue growing for the whole measurement)
  // is left out of the latency model.
  const hw::DeviceModel d = load("jetson-tx2");
  EnergyTuner t(d, "resnet-50", {});
  std::mt19937_64 rng(1);
  HwConfig slow = t.default_config(1);
  slow.knobs["gpu_min_freq"] = slow.knobs["gpu_max_freq"] = 114.75;
  slow.knobs["emc_freq"] = 40.8;
  const Evaluation over = t.evaluate(slow, rng);
  ASSERT_FALSE(over.truth.stable);
  const opt::Observation o = to_observation(over, t.workload(), {}, true);
  ASSERT_EQ(o.constraints.size(), 2u);
  EXPECT_TRUE(std::isnan(o.constraints[0]));
  EXPECT_GT(o.constraints[1], 0);
  EXPECT_FALSE(o.feasible());

  const Evaluation ok = t.evaluate(t.default_config(1), rng);
  ASSERT_TRUE(ok.feasible);
  const opt::Observation f = to_observation(ok, t.workload(), {}, true);
  EXPECT_NEAR(f.constraints[0], std::log(ok.measured.latency_p99_ms / t.workload().slo_ms), 1e-12);
  EXPECT_LT(f.constraints[1], 0);
  EXPECT_TRUE(f.feasible());
}

TEST(Tuner, BadConfigurationsNameTheField) {
  const hw::DeviceModel d = load("jetson-agx-orin");
  EnergyTuner t(d, "bert-base", {});
  std::mt19937_64 rng(1);
  auto msg = [&](const nlohmann::json& j) {
    try {
      t.evaluate(t.config_from_json(j), rng);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(msg({{"emc_freq", 1000}}).find("config.emc_freq: expected one of 204, 665.6, 2133, 3199 MHz (got 1000)"),
            std::string::npos);
  EXPECT_NE(msg({{"gpu_freq", 1000}}).find("config.gpu_freq: not a knob"), std::string::npos);
  EXPECT_NE(msg({{"batch_size", 3}}).find("config.batch_size"), std::string::npos);
  EXPECT_NE(msg({{"gpu_min_freq", 1300.5}, {"gpu_max_freq", 114.75}}).find("gpu_min_freq"),
            std::string::npos);
  TunerOptions o;
  o.batch = 3;
  EXPECT_THROW(EnergyTuner(d, "bert-base", o), InputError);
}

}  // namespace
}  // namespace plab::energy
