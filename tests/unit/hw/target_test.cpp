#include "core/hw/target.h"

#include <gtest/gtest.h>

#include "core/util/error.h"

namespace plab::hw {
namespace {

TEST(hw_TargetSpec, LocalHasNoName) {
  const TargetInfo t = parse_target_spec("local");
  EXPECT_EQ(t.id, "local");
  EXPECT_EQ(t.kind, "local");
  EXPECT_EQ(t.name, "");
  EXPECT_FALSE(t.simulated);
  EXPECT_TRUE(t.model.is_null());
}

TEST(hw_TargetSpec, SimulatedSplitsKindAndName) {
  const TargetInfo t = parse_target_spec("simulated:jetson-agx-orin");
  EXPECT_EQ(t.id, "simulated:jetson-agx-orin");
  EXPECT_EQ(t.kind, "simulated");
  EXPECT_EQ(t.name, "jetson-agx-orin");
  EXPECT_TRUE(t.simulated);
}

TEST(hw_TargetSpec, OtherKindsKeepEverythingAfterTheFirstColon) {
  const TargetInfo t = parse_target_spec("csv:/data/a:b.csv");
  EXPECT_EQ(t.kind, "csv");
  EXPECT_EQ(t.name, "/data/a:b.csv");
  EXPECT_FALSE(t.simulated);
}

TEST(hw_TargetSpec, MalformedSpecsAreInputErrors) {
  EXPECT_THROW(parse_target_spec(""), InputError);
  EXPECT_THROW(parse_target_spec("jetson"), InputError);
  EXPECT_THROW(parse_target_spec("simulated:"), InputError);
  EXPECT_THROW(parse_target_spec(":x"), InputError);
  EXPECT_THROW(parse_target_spec("Simulated:x"), InputError);
  EXPECT_THROW(parse_target_spec("local:extra"), InputError);
  try {
    parse_target_spec("jetson");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected 'local' or '<kind>:<name>'"), std::string::npos)
        << e.what();
  }
}

TEST(hw_TargetMatch, TrailingStarIsAPrefixGlob) {
  EXPECT_TRUE(target_matches("simulated:*", "simulated:jetson-agx-orin"));
  EXPECT_TRUE(target_matches("simulated:jetson-*", "simulated:jetson-agx-orin"));
  EXPECT_FALSE(target_matches("simulated:jetson-*", "simulated:a100"));
  EXPECT_FALSE(target_matches("simulated:*", "local"));
  EXPECT_FALSE(target_matches("simulated:*", "simulate"));
  EXPECT_TRUE(target_matches("*", "anything"));
}

TEST(hw_TargetMatch, WithoutStarOnlyExactMatches) {
  EXPECT_TRUE(target_matches("local", "local"));
  EXPECT_FALSE(target_matches("local", "localhost"));
  EXPECT_FALSE(target_matches("local", "simulated:local"));
  EXPECT_FALSE(target_matches("simulated:x", "simulated:xy"));
  // A '*' that is not last is an ordinary character.
  EXPECT_FALSE(target_matches("simulated:*-orin", "simulated:jetson-agx-orin"));
}

}  // namespace
}  // namespace plab::hw
