#include "core/experiment/plugin_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "core/build_config.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace plab {
namespace {

std::map<std::string, std::string> failures_by_file(const PluginRegistry& reg) {
  std::map<std::string, std::string> out;
  for (const auto& f : reg.failures()) out[f.file.filename().string()] = f.reason;
  return out;
}

TEST(PluginLoader, LoadsTheGoodPluginAndReportsEachBrokenOne) {
  PluginRegistry reg;
  reg.load_from({PLAB_TEST_PLUGIN_DIR});
  ASSERT_EQ(reg.modules().size(), 1u);
  const auto& info = reg.modules()[0]->info();
  EXPECT_EQ(info.id, "test-counter");
  EXPECT_EQ(info.version, "1.2.3");
  EXPECT_EQ(info.metrics.size(), 2u);
  EXPECT_EQ(info.metrics[0].direction, Direction::Maximize);

  auto failed = failures_by_file(reg);
  ASSERT_EQ(failed.size(), 5u);
  EXPECT_NE(failed["plab-test-wrong-abi.so"].find("ABI version 999"), std::string::npos);
  EXPECT_NE(failed["plab-test-no-entry.so"].find("missing entry point 'paretolab_create_module'"), std::string::npos);
  EXPECT_NE(failed["plab-test-throws.so"].find("describe exploded on purpose"), std::string::npos);
  EXPECT_NE(failed["plab-test-corrupt.so"].find("not a loadable shared library"), std::string::npos);
  EXPECT_NE(failed["plab-test-bad-schema.so"].find("params.properties.speed.type"), std::string::npos);
}

TEST(PluginLoader, SecondCopyOfAModuleIsReportedAsDuplicate) {
  PluginRegistry reg;
  reg.load_file(std::filesystem::path(PLAB_TEST_PLUGIN_DIR) / "plab-test-counter.so");
  EXPECT_FALSE(reg.load_file(std::filesystem::path(PLAB_TEST_PLUGIN_DIR) / "plab-test-counter.so"));
  ASSERT_EQ(reg.failures().size(), 1u);
  EXPECT_NE(reg.failures()[0].reason.find("duplicate module id 'test-counter'"), std::string::npos);
}

TEST(PluginLoader, MissingFoldersAreSkippedAndUnknownIdsNamed) {
  PluginRegistry reg;
  reg.load_from({"/nonexistent/plugins"});
  EXPECT_TRUE(reg.modules().empty());
  EXPECT_TRUE(reg.failures().empty());
  EXPECT_EQ(reg.find("test-counter"), nullptr);
  try {
    reg.get("energy-tuner");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("module 'energy-tuner': not found"), std::string::npos);
  }
}

TEST(PluginLoader, TargetsMatchPatterns) {
  PluginRegistry reg;
  reg.load_from({PLAB_TEST_PLUGIN_DIR});
  auto m = reg.get("test-counter");
  EXPECT_TRUE(m->supports_target("local"));
  EXPECT_TRUE(m->supports_target("simulated:jetson-agx-orin"));
  EXPECT_FALSE(m->supports_target("csv:/tmp/x.csv"));
}

TEST(PluginSearchPath, AFolderNamedTwiceIsSearchedOnce) {
  // PARETOLAB_PLUGIN_PATH naming the build's own plugin folder (also through "." and "..") must not
  // make every plugin load twice.
  const std::filesystem::path build_dir = build::kBuildPluginDir;
  const std::string twice = build_dir.string() + ":" + (build_dir / "." / ".." / build_dir.filename()).string() +
                            ":" + build_dir.string();
  const char* old = std::getenv("PARETOLAB_PLUGIN_PATH");
  const std::string saved = old ? old : "";
  ::setenv("PARETOLAB_PLUGIN_PATH", twice.c_str(), 1);
  const auto dirs = plugin_search_path();
  if (old) ::setenv("PARETOLAB_PLUGIN_PATH", saved.c_str(), 1); else ::unsetenv("PARETOLAB_PLUGIN_PATH");
  ASSERT_FALSE(dirs.empty());
  EXPECT_EQ(dirs[0], build_dir);
  EXPECT_EQ(std::count(dirs.begin(), dirs.end(), build_dir), 1);
  EXPECT_EQ(dirs.size(), build_dir == std::filesystem::path(build::kInstallPluginDir) ? 1u : 2u);
}

TEST(Versions, CompareNumerically) {
  EXPECT_LT(compare_versions("0.1.9", "0.1.10"), 0);
  EXPECT_EQ(compare_versions("1.0", "1.0.0"), 0);
  EXPECT_GT(compare_versions("2", "1.99.99"), 0);
}

}  // namespace
}  // namespace plab
