// paretolab-cli end to end: run, runs, show, sweep, failures and cancellation.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/store/store.h"
#include "tests/integration/process.h"

namespace plab::test {
namespace {

class CliRun : public ::testing::Test {
 protected:
  TempDir home;
  std::string db = (home.path() / "runs.sqlite").string();
  std::map<std::string, std::string> env = test_env(home.path());

  nlohmann::json run_json(std::vector<std::string> args, int expect_code = 0) {
    args.insert(args.end(), {"--db", db, "--json"});
    auto r = run_cli(args, env);
    EXPECT_EQ(r.exit_code, expect_code) << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }
};

TEST_F(CliRun, RunStoresEverythingAndShowReadsItBack) {
  auto j = run_json({"run", "test-counter", "--set", "steps=50", "--set", "rate=2", "--seed", "7",
                     "--target", "local"});
  EXPECT_EQ(j["status"], "completed");
  EXPECT_EQ(j["metrics"]["total"], 100.0);
  EXPECT_EQ(j["points"], 50);
  EXPECT_EQ(j["seed"], 7);
  const auto id = j["run_id"].get<std::int64_t>();

  auto show = run_json({"show", std::to_string(id), "--points"});
  EXPECT_EQ(show["status"], "completed");
  EXPECT_EQ(show["params"]["steps"], 50);
  EXPECT_EQ(show["params"]["sleep_ms"], 0);  // defaults are stored too
  EXPECT_EQ(show["point_count"], 50);
  EXPECT_EQ(show["points"][3]["config"]["i"], 3);
  EXPECT_FALSE(show["points"][3]["feasible"].get<bool>());
  ASSERT_EQ(show["series"].size(), 1u);
  EXPECT_EQ(show["series"][0]["name"], "count");
  EXPECT_EQ(show["series"][0]["x_axis"], "sample");  // declared by the plugin, through the store
  EXPECT_EQ(show["series"][0]["count"], 50);
  EXPECT_EQ(show["series"][0]["v_max"], 49.0);
  EXPECT_EQ(show["environment"]["module_version"], "1.2.3");
  EXPECT_NE(show["logs"].dump().find("counted to 50 with seed 7"), std::string::npos);

  auto runs = run_json({"runs", "--module", "test-counter"});
  ASSERT_EQ(runs["runs"].size(), 1u);
  EXPECT_EQ(runs["runs"][0]["metrics"]["total"], 100.0);
}

TEST_F(CliRun, SameSeedGivesSameResults) {
  auto a = run_json({"run", "test-counter", "--set", "mode=noisy", "--seed", "42"});
  auto b = run_json({"run", "test-counter", "--set", "mode=noisy", "--seed", "42"});
  auto pa = run_json({"show", std::to_string(a["run_id"].get<int>()), "--points"});
  auto pb = run_json({"show", std::to_string(b["run_id"].get<int>()), "--points"});
  EXPECT_EQ(pa["series"][0]["v_min"], pb["series"][0]["v_min"]);
  EXPECT_EQ(pa["series"][0]["v_max"], pb["series"][0]["v_max"]);
}

TEST_F(CliRun, FailingRunExitsThreeAndStoresTheError) {
  auto j = run_json({"run", "test-counter", "--set", "fail_at=3"}, 3);
  EXPECT_EQ(j["status"], "failed");
  EXPECT_NE(j["error"].get<std::string>().find("failed on purpose at step 3"), std::string::npos);
  auto show = run_json({"show", std::to_string(j["run_id"].get<int>())});
  EXPECT_EQ(show["status"], "failed");
  EXPECT_EQ(show["point_count"], 3);  // what it reported before failing is kept
  ASSERT_FALSE(show["errors"].empty());
  EXPECT_NE(show["errors"][0]["message"].get<std::string>().find("failed on purpose"), std::string::npos);
  auto failed = run_json({"runs", "--status", "failed"});
  EXPECT_EQ(failed["runs"].size(), 1u);
}

TEST_F(CliRun, SigintCancelsWithExit130) {
  pid_t pid = spawn_cli({"run", "test-counter", "--set", "steps=100000", "--set", "sleep_ms=5", "--db", db, "--json"},
                        env, home.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGINT);
  EXPECT_EQ(wait_child(pid), 130);
  auto store = store::Store::open(db);
  auto runs = store->list_runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, RunStatus::Cancelled);
}

TEST_F(CliRun, SweepRunsTheGridInParallelAsNormalRuns) {
  auto j = run_json({"sweep", "test-counter", "--grid", "steps=1,2,3", "--grid", "rate=1,10", "--jobs", "2"});
  ASSERT_EQ(j["runs"].size(), 6u);
  std::set<double> totals;
  for (const auto& r : j["runs"]) {
    EXPECT_EQ(r["status"], "completed");
    totals.insert(r["metrics"]["total"].get<double>());
  }
  EXPECT_EQ(totals, (std::set<double>{1, 2, 3, 10, 20, 30}));
  auto listed = run_json({"runs", "--sweep", std::to_string(j["sweep_id"].get<int>())});
  EXPECT_EQ(listed["runs"].size(), 6u);
  auto bad = run_cli({"sweep", "test-counter", "--grid", "steps=1,x", "--db", db}, env);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("field 'steps'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace plab::test
