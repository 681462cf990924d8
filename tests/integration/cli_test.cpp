// paretolab-cli end to end: modules, describe, bad input and exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/integration/process.h"

namespace plab::test {
namespace {

nlohmann::json parse(const ProcResult& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out << "\nstderr: " << r.err;
  return j;
}

TEST(Cli, ModulesJsonListsModulesAndFailedPlugins) {
  TempDir home;
  auto r = run_cli({"modules", "--json"}, test_env(home.path()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = parse(r);
  bool found = false;
  for (const auto& m : j["modules"]) found = found || m["id"] == "test-counter";
  EXPECT_TRUE(found) << r.out;
  std::set<std::string> failed;
  for (const auto& f : j["failed"]) failed.insert(std::filesystem::path(f["file"].get<std::string>()).filename());
  EXPECT_TRUE(failed.count("plab-test-corrupt.so"));
  EXPECT_TRUE(failed.count("plab-test-wrong-abi.so"));
}

TEST(Cli, GarbageFileOnPluginPathIsReportedByNameWhileOthersLoad) {
  TempDir home, junk;
  {
    std::ofstream f(junk.path() / "garbage.so");
    f << "\x7f" << "ELF but not really" << std::string(100, '\0');
  }
  auto env = test_env(home.path());
  env["PARETOLAB_PLUGIN_PATH"] = junk.path().string() + ":" + PLAB_TEST_PLUGIN_DIR;
  auto r = run_cli({"modules"}, env);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("test-counter"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find((junk.path() / "garbage.so").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not a loadable shared library"), std::string::npos) << r.err;
}

TEST(Cli, DescribePrintsSchemaAndMetrics) {
  TempDir home;
  auto r = run_cli({"describe", "test-counter", "--json"}, test_env(home.path()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = parse(r);
  EXPECT_EQ(j["params"]["properties"]["steps"]["type"], "integer");
  EXPECT_EQ(j["metrics"][0]["name"], "total");
  auto human = run_cli({"describe", "test-counter"}, test_env(home.path()));
  EXPECT_NE(human.out.find("sleep_ms"), std::string::npos);
}

TEST(Cli, WrongTypeInSetIsRefusedWithExitTwoNamingTheField) {
  TempDir home;
  auto db = (home.path() / "runs.sqlite").string();
  auto r = run_cli({"run", "test-counter", "--set", "steps=many", "--db", db}, test_env(home.path()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("field 'steps': expected an integer"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db)) << "a refused run must not touch the store";
}

TEST(Cli, WrongTypeInConfigFileNamesFileAndField) {
  TempDir home;
  auto cfg = home.path() / "cfg.json";
  {
    std::ofstream f(cfg);
    f << R"({"steps": 5, "rate": "fast"})";
  }
  auto r = run_cli({"run", "test-counter", "--config", cfg.string(), "--db", (home.path() / "r.sqlite").string()},
                   test_env(home.path()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg.string() + ": field 'rate': expected a number, got string \"fast\""), std::string::npos)
      << r.err;
}

TEST(Cli, MalformedConfigNamesLine) {
  TempDir home;
  auto cfg = home.path() / "cfg.json";
  {
    std::ofstream f(cfg);
    f << "{\n \"steps\": 5,\n \"rate\": oops\n}\n";
  }
  auto r = run_cli({"run", "test-counter", "--config", cfg.string()}, test_env(home.path()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg.string() + ":3:"), std::string::npos) << r.err;
}

TEST(Cli, OutOfRangeUnknownModuleAndTargetAreBadInput) {
  TempDir home;
  auto env = test_env(home.path());
  auto r1 = run_cli({"run", "test-counter", "--set", "rate=-1"}, env);
  EXPECT_EQ(r1.exit_code, 2);
  EXPECT_NE(r1.err.find("field 'rate': -1 1/s is below the minimum 0 1/s"), std::string::npos) << r1.err;
  auto r2 = run_cli({"run", "no-such-module"}, env);
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.err.find("module 'no-such-module': not found"), std::string::npos) << r2.err;
  auto r3 = run_cli({"run", "test-counter", "--target", "csv:/x.csv"}, env);
  EXPECT_EQ(r3.exit_code, 2);
  EXPECT_NE(r3.err.find("supports only"), std::string::npos) << r3.err;
  auto r4 = run_cli({"frobnicate"}, env);
  EXPECT_EQ(r4.exit_code, 2);
  auto r5 = run_cli({"show", "abc"}, env);
  EXPECT_EQ(r5.exit_code, 2);
}

TEST(Cli, DefaultStoreLivesInTheXdgDataFolder) {
  TempDir home;
  auto r = run_cli({"run", "test-counter", "--set", "steps=2", "--json"}, test_env(home.path()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(home.path() / "xdg" / "paretolab" / "runs.sqlite"));
  EXPECT_EQ(parse(r)["db"], (home.path() / "xdg" / "paretolab" / "runs.sqlite").string());
}

}  // namespace
}  // namespace plab::test
