// energy-tuner through the real paretolab-cli and store: a constrained-BO run on the simulated
// AGX Orin, one configuration evaluated, a bad configuration refused, and the local target.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/integration/process.h"

namespace plab::test {
namespace {

class CliEnergy : public ::testing::Test {
 protected:
  TempDir home;
  std::string db = (home.path() / "runs.sqlite").string();
  std::map<std::string, std::string> env = test_env(home.path());

  ProcResult cli(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db, "--json"});
    return run_cli(args, env);
  }
  nlohmann::json json_of(const ProcResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }
};

TEST_F(CliEnergy, TunesTheSimulatedOrin) {
  const auto r = cli({"run", "energy-tuner", "--target", "simulated:jetson-agx-orin", "--seed", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto run = json_of(r);
  EXPECT_EQ(run["status"], "completed");
  const auto& m = run["metrics"];
  for (const char* k :
       {"best_energy_mj", "saving_vs_default_pct", "optimum_energy_mj", "evaluations", "default_energy_mj"})
    EXPECT_TRUE(m.contains(k)) << k << " " << m.dump();
  EXPECT_EQ(m["evaluations"], 30);
  EXPECT_GT(m["saving_vs_default_pct"].get<double>(), 10);
  EXPECT_GE(m["best_true_energy_mj"].get<double>(), m["optimum_energy_mj"].get<double>() * 0.999);

  const auto show = json_of(cli({"show", std::to_string(run["run_id"].get<int>()), "--points"}));
  // 14 CPU-phase points, 30 tuning evaluations and the default baseline, each with its metrics.
  ASSERT_EQ(show["points"].size(), 45u);
  for (const auto& p : show["points"])
    for (const char* k : {"energy_mj", "latency_p50_ms", "latency_p99_ms", "throughput_rps"})
      EXPECT_TRUE(p["metrics"].contains(k)) << p.dump();
}

TEST_F(CliEnergy, EvaluatesOneConfiguration) {
  const auto r =
      cli({"run", "energy-tuner", "--target", "simulated:jetson-agx-orin", "--set", "optimiser=evaluate",
           "--set", "model=bert-base", "--set",
           R"(config={"gpu_min_freq":114.75,"gpu_max_freq":420.75,"emc_freq":204,"batch_size":4})"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = json_of(r)["metrics"];
  EXPECT_GT(m["energy_mj"].get<double>(), 0);
  EXPECT_TRUE(m.contains("feasible"));
  EXPECT_NEAR(m["energy_mj"].get<double>() / m["true_energy_mj"].get<double>(), 1.0, 0.15);
}

TEST_F(CliEnergy, RefusesABadConfigurationAsBadInputNamingTheField) {
  // Exit 2 (bad input, DESIGN.md's CLI contract), not 3 (run failed), with the field and what was expected.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"(config={"emc_freq":999})", "config.emc_freq: expected one of 204, 665.6, 2133, 3199"},
      {R"(config={"gpu_min_freq":1300.5,"gpu_max_freq":114.75})", "config.gpu_min_freq: expected at most"},
      {R"(config={"batch_size":3})", "config.batch_size: expected one of 1, 2, 4, 8, 16"},
      {R"(config={"gpu_freq":114.75})", "config.gpu_freq: not a knob of jetson-agx-orin"},
      {R"(config={"emc_freq":"fast"})", "config.emc_freq: expected a number"},
      {R"(config={"emc_freq":204)", "config: invalid JSON"},
      {"config=[1,2]", "config: expected a JSON object"},
      {"config=", "config: expected a JSON object"},
  };
  for (const auto& [set, message] : cases) {
    const auto r = cli({"run", "energy-tuner", "--target", "simulated:jetson-agx-orin", "--set",
                        "optimiser=evaluate", "--set", set});
    EXPECT_EQ(r.exit_code, 2) << set << "\n" << r.out << r.err;
    EXPECT_NE((r.out + r.err).find(message), std::string::npos) << set << "\n" << r.out << r.err;
  }
}

TEST_F(CliEnergy, BadConfigurationWithoutJsonExits2AndSaysWhyOnStderr) {
  const auto r = run_cli({"run", "energy-tuner", "--db", db, "--target", "simulated:jetson-tx2", "--set",
                          "optimiser=evaluate", "--set", R"(config={"emc_freq":3199})"},
                         env);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("config.emc_freq: expected one of 40.8, 68,"), std::string::npos) << r.err;
}

TEST_F(CliEnergy, LocalTargetMeasuresRealInferenceAndNeverInventsEnergy) {
  const auto r =
      cli({"run", "energy-tuner", "--target", "local", "--set", "optimiser=grid", "--set", "mlp_width=64",
           "--set", "mlp_layers=2", "--set", "local_batches=5", "--set", "latency_slo_ms=1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto run = json_of(r);
  const auto& m = run["metrics"];
  EXPECT_GT(m["ms_per_inference"].get<double>(), 0);
  if (m["energy_available"] == 0) {
    EXPECT_FALSE(m.contains("best_energy_mj"));
  }
  const auto show = json_of(cli({"show", std::to_string(run["run_id"].get<int>()), "--points", "--logs"}));
  EXPECT_GE(show["points"].size(), 5u);
  if (m["energy_available"] == 0) {
    EXPECT_NE(show["logs"].dump().find("no energy sensor"), std::string::npos);
    for (const auto& p : show["points"]) EXPECT_FALSE(p["metrics"].contains("energy_mj"));
  }
}

}  // namespace
}  // namespace plab::test
