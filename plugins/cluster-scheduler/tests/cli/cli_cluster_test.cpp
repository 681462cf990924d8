// cluster-scheduler through the real paretolab-cli and store: one run, a policy sweep, and a bad
// trace line refused with its file and line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/integration/process.h"

namespace plab::test {
namespace {

class CliCluster : public ::testing::Test {
 protected:
  TempDir home;
  std::string db = (home.path() / "runs.sqlite").string();
  std::map<std::string, std::string> env = test_env(home.path());
  std::string table = (home.path() / "tput.json").string();

  void SetUp() override {
    // A small Gavel-schema table: two models, two batch sizes, 1 and 2 GPUs.
    std::ofstream(table) << R"J({"v100": {
      "('ResNet-18 (batch size 32)', 1)": {"null": 40.0}, "('ResNet-18 (batch size 64)', 1)": {"null": 25.0},
      "('ResNet-18 (batch size 32)', 2)": {"null": 75.0}, "('ResNet-18 (batch size 64)', 2)": {"null": 48.0},
      "('LM (batch size 10)', 1)": {"null": 90.0}, "('LM (batch size 20)', 1)": {"null": 60.0},
      "('LM (batch size 10)', 2)": {"null": 170.0}, "('LM (batch size 20)', 2)": {"null": 115.0}}})J";
  }
  ProcResult cli(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db, "--json"});
    return run_cli(args, env);
  }
  nlohmann::json json_of(const ProcResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }
  std::vector<std::string> small() {
    return {"--set", "throughputs=" + table, "--set", "cluster=v100:4", "--set", "synthetic_jobs=12",
            "--set", "synthetic_jobs_per_hour=30", "--set", "synthetic_max_hours=1", "--set",
            "synthetic_gpu_mix=1:0.7,2:0.3", "--set", "sw_time_limit_s=0.1", "--seed", "4"};
  }
};

TEST_F(CliCluster, RunStoresMetricsPointsAndTimelines) {
  auto args = std::vector<std::string>{"run", "cluster-scheduler", "--set", "policy=shockwave"};
  for (const auto& a : small()) args.push_back(a);
  const auto r = cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto run = json_of(r);
  EXPECT_EQ(run["status"], "completed");
  EXPECT_EQ(run["metrics"]["jobs"], 12);
  EXPECT_GT(run["metrics"]["makespan_s"].get<double>(), 0);
  EXPECT_GE(run["metrics"]["worst_rho"].get<double>(), run["metrics"]["avg_rho"].get<double>());
  const auto show = json_of(cli({"show", std::to_string(run["run_id"].get<int>()), "--points"}));
  EXPECT_EQ(show["points"].size(), 12u);
  const std::string series = show["series"].dump();
  EXPECT_NE(series.find("cluster/busy_gpus"), std::string::npos) << series;
  EXPECT_NE(series.find("job/0"), std::string::npos) << series;
}

TEST_F(CliCluster, SweepComparesPolicies) {
  auto args = std::vector<std::string>{"sweep", "cluster-scheduler", "--grid", "policy=fifo,max-min,themis,allox,shockwave,jigsaw"};
  for (const auto& a : small()) args.push_back(a);
  const auto r = cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto sweep = json_of(r);
  ASSERT_EQ(sweep["runs"].size(), 6u);
  std::set<double> makespans;
  for (const auto& run : sweep["runs"]) {
    EXPECT_EQ(run["status"], "completed");
    makespans.insert(run["metrics"]["makespan_s"].get<double>());
  }
  EXPECT_GT(makespans.size(), 1u);  // the policies do differ
}

TEST_F(CliCluster, BadTraceLineIsRefusedWithFileAndLine) {
  const auto file = home.path() / "jobs.csv";
  std::ofstream(file) << "job_id,submission_time,duration,num_gpu\n"
                         "a,0,600,1\n"
                         "b,10,600,three\n";
  const auto r = cli({"run", "cluster-scheduler", "--set", "throughputs=" + table, "--set", "cluster=v100:4",
                      "--set", "trace=" + file.string()});
  EXPECT_NE(r.exit_code, 0);
  const std::string all = r.out + r.err;
  EXPECT_NE(all.find(file.string() + ":3"), std::string::npos) << all;
  EXPECT_NE(all.find("num_gpu"), std::string::npos) << all;
}

}  // namespace
}  // namespace plab::test
