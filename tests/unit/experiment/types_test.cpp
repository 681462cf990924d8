#include "core/experiment/types.h"

#include <gtest/gtest.h>

#include "core/hw/target.h"
#include "core/util/error.h"

namespace plab {
namespace {

ModuleInfo sample() {
  ModuleInfo m;
  m.id = "m";
  m.name = "M";
  m.version = "0.1.0";
  m.paper = {"T", "A", "V", "U"};
  m.metrics = {{"energy", "J", Direction::Minimize, "e"}, {"tput", "1/s", Direction::Maximize, ""}};
  m.targets = {"local"};
  m.default_objectives = {"energy", "tput"};
  return m;
}

TEST(ModuleInfo, RoundTripsThroughJson) {
  auto back = module_info_from_json(to_json(sample()), "p");
  EXPECT_EQ(back.id, "m");
  EXPECT_EQ(back.paper.venue, "V");
  ASSERT_EQ(back.metrics.size(), 2u);
  EXPECT_EQ(back.metrics[1].direction, Direction::Maximize);
  EXPECT_EQ(back.metrics[0].unit, "J");
  EXPECT_EQ(back.default_objectives[1], "tput");
}

TEST(ModuleInfo, BadAnswersNameThePluginAndField) {
  auto j = to_json(sample());
  j.erase("version");
  try {
    module_info_from_json(j, "plugin x.so");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "plugin x.so: field 'version': expected a non-empty string");
  }
  j = to_json(sample());
  j["metrics"][1]["direction"] = "sideways";
  EXPECT_THROW(module_info_from_json(j, "p"), InputError);
  j = to_json(sample());
  j["metrics"][1]["name"] = "energy";
  EXPECT_THROW(module_info_from_json(j, "p"), InputError);
  EXPECT_THROW(module_info_from_json(nlohmann::json::array(), "p"), InputError);
}

TEST(RunStatus, NamesRoundTrip) {
  for (auto s : {RunStatus::Running, RunStatus::Completed, RunStatus::Failed, RunStatus::Cancelled, RunStatus::Interrupted})
    EXPECT_EQ(run_status_from_string(to_string(s)), s);
  EXPECT_THROW(run_status_from_string("done"), InputError);
}

TEST(Target, SpecsParseAndMatch) {
  auto t = hw::parse_target_spec("simulated:jetson-agx-orin");
  EXPECT_EQ(t.kind, "simulated");
  EXPECT_EQ(t.name, "jetson-agx-orin");
  EXPECT_TRUE(t.simulated);
  EXPECT_EQ(hw::parse_target_spec("local").kind, "local");
  EXPECT_THROW(hw::parse_target_spec("simulated:"), InputError);
  EXPECT_THROW(hw::parse_target_spec(""), InputError);
  EXPECT_TRUE(hw::target_matches("simulated:*", "simulated:x"));
  EXPECT_TRUE(hw::target_matches("simulated:jetson-*", "simulated:jetson-tx2"));
  EXPECT_FALSE(hw::target_matches("simulated:jetson-*", "simulated:v100"));
  EXPECT_FALSE(hw::target_matches("local", "localhost"));
}

}  // namespace
}  // namespace plab
