// variability-profiler through the real paretolab-cli and store: local profiling on this machine,
// a simulated cluster sample, and a CSV import that must be refused with its line named.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/integration/process.h"

namespace plab::test {
namespace {

class CliVariability : public ::testing::Test {
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

TEST_F(CliVariability, LocalProfilingReportsEveryCoreAndTheMissingSensors) {
  const auto r = cli({"run", "variability-profiler", "--target", "local", "--seed", "3", "--set",
                      "repetitions=2", "--set", "warmup=0", "--set", "gemm_n=32", "--set", "triad_mib=1",
                      "--set", "pagerank_nodes=512", "--set", "bootstrap_resamples=50"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto run = json_of(r);
  EXPECT_EQ(run["status"], "completed");
  const double devices = run["metrics"]["devices"];
  EXPECT_GE(devices, 1);
  const auto show = json_of(cli({"show", std::to_string(run["run_id"].get<int>()), "--points", "--logs"}));
  const std::string logs = show["logs"].dump();
  // On a machine with NVIDIA GPUs (and a CUDA build) each GPU also runs sgemm-gpu; the log says how many.
  int gpus = 0;
  if (const auto at = logs.find("CUDA SGEMM on "); at != std::string::npos) gpus = std::stoi(logs.substr(at + 14));
  const double cores = devices - gpus;
  // gemm, triad, pagerank on every core; sgemm-gpu is compared only when there are 2 GPUs or more,
  // and a single GPU's application is named in a warning as left out.
  EXPECT_EQ(run["metrics"]["applications"], gpus >= 2 ? 4 : 3);
  EXPECT_EQ(run["metrics"]["runs"], cores * 3 * 2 + gpus * 2);
  if (gpus == 1) {
    EXPECT_NE(logs.find("'sgemm-gpu': measured on 1 device(s)"), std::string::npos) << logs;
    EXPECT_GT(run["metrics"]["sgemm-gpu.duration_s"].get<double>(), 0.0);  // reported alone
    EXPECT_NE(logs.find("(the only device)"), std::string::npos) << logs;
  }
  const double compared = gpus >= 2 ? devices : cores;

  // Per-core results: one stored point per application and core, each with its rank.
  if (cores >= 2) {
    ASSERT_EQ(show["points"].size(), static_cast<std::size_t>(cores * 3 + (gpus >= 2 ? gpus : 0)));
    std::set<std::string> names;
    for (const auto& p : show["points"]) {
      names.insert(p["config"]["device"].get<std::string>());
      EXPECT_TRUE(p["metrics"].contains("norm_perf") && p["metrics"].contains("rank"));
    }
    EXPECT_EQ(names.size(), static_cast<std::size_t>(compared));
  }
  // Every sensor the machine lacks is named in a warning, and its availability metric is 0.
  for (const char* s : {"frequency", "power", "temperature"}) {
    const double available = run["metrics"][std::string(s) + "_available"];
    if (available == 0) {
      EXPECT_NE(logs.find(std::string("sensor missing: ") + s), std::string::npos) << s << "\n" << logs;
    }
  }
  EXPECT_NE(logs.find("gemm on cpu"), std::string::npos) << logs;
  // Per-run durations are stored as traces.
  EXPECT_FALSE(show["series"].empty());
}

TEST_F(CliVariability, SimulatedClusterSample) {
  const auto r =
      cli({"run", "variability-profiler", "--target", "cluster:summit", "--seed", "5", "--set", "devices=300",
           "--set", "repetitions=2", "--set", "bootstrap_resamples=50", "--set", "applications=sgemm"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto run = json_of(r);
  EXPECT_EQ(run["metrics"]["devices"], 300);
  EXPECT_EQ(run["points"], 300);
  EXPECT_GT(run["metrics"]["sgemm.variation_pct"].get<double>(), 0.0);
}

TEST_F(CliVariability, BadCsvRowIsRefusedWithItsLine) {
  const auto file = home.path() / "bad.csv";
  std::ofstream(file) << "device,node,application,repetition,duration_s\n"
                         "g0,n0,sgemm,0,2.4\n"
                         "g1,n0,sgemm,0,-1\n";
  const auto r = cli({"run", "variability-profiler", "--target", "csv:" + file.string()});
  // The file is read inside the run: the run is stored as failed with the error, and the CLI exits 2
  // (bad input, DESIGN.md's contract) because the module refused its input (an InputError).
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  const auto run = json_of(r);
  EXPECT_EQ(run["status"], "failed");
  const std::string error = run["error"];
  EXPECT_NE(error.find(file.string() + ":3: field 'duration_s'"), std::string::npos) << error;
  EXPECT_NE(error.find("expected a positive number"), std::string::npos) << error;
}

}  // namespace
}  // namespace plab::test
