#include "core/hw/device_model.h"

#include <gtest/gtest.h>

#include "core/build_config.h"
#include "core/hw/json_check.h"
#include "core/util/error.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

using test::device_fixture;

// Loads a bad fixture and returns the error message (fails the test if it loads).
std::string load_error(const std::string& name) {
  const auto file = device_fixture("bad/" + name + ".json");
  try {
    load_device_model(file);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << file << " loaded although it is invalid";
  return "";
}

// The message must start with the file and JSON path and say what was expected.
void expect_error(const std::string& name, const std::string& path_and_expectation) {
  const std::string file = device_fixture("bad/" + name + ".json").string();
  const std::string message = load_error(name);
  EXPECT_EQ(message.rfind(file + ": " + path_and_expectation, 0), 0u) << "got: " << message;
}

TEST(hw_DeviceModel, LoadsAGoodFile) {
  const DeviceModel m = load_device_model(device_fixture("good/tiny-edge.json"));
  EXPECT_EQ(m.id, "tiny-edge");
  EXPECT_EQ(m.device_class, "edge-gpu");
  EXPECT_TRUE(m.simulated);
  EXPECT_EQ(m.file, device_fixture("good/tiny-edge.json"));
  ASSERT_EQ(m.knobs.size(), 2u);
  EXPECT_EQ(m.knobs[0].levels, (std::vector<double>{100, 200.5, 300}));
  EXPECT_DOUBLE_EQ(m.knobs[0].default_value, 300);
  EXPECT_EQ(m.knobs[0].source, "fixture");
  // A range arrives expanded into its levels.
  EXPECT_EQ(m.knobs[1].levels, (std::vector<double>{100, 125, 150, 175, 200, 225, 250}));
  EXPECT_EQ(m.knobs[1].level_index(150), std::optional<std::size_t>(2));
  EXPECT_EQ(m.knobs[1].level_index(151), std::nullopt);
  ASSERT_NE(m.find_knob("power_limit"), nullptr);
  EXPECT_EQ(m.find_knob("nope"), nullptr);
  ASSERT_NE(m.find_sensor("energy"), nullptr);
  EXPECT_EQ(m.find_sensor("energy")->unit, "J");
  ASSERT_EQ(m.sources.size(), 1u);
  // Module sections are kept as JSON; common fields are not sections.
  ASSERT_NE(m.section("inference"), nullptr);
  EXPECT_EQ((*m.section("inference"))["note"], "module section kept as JSON");
  EXPECT_EQ(m.section("knobs"), nullptr);
  EXPECT_EQ(m.section("training"), nullptr);
  EXPECT_EQ(m.json["name"], "Tiny edge board (test fixture)");
}

TEST(hw_DeviceModel, ErrorsNameFilePathAndExpectation) {
  expect_error("default-not-level",
               "knobs[0].default: expected one of the levels [100, 200.5, 300] (got 250)");
  expect_error("levels-not-increasing",
               "knobs[0].levels: expected a non-empty array of increasing numbers; element 2 (200.5) is not "
               "above the one before");
  expect_error("levels-empty", "knobs[0].levels: expected a non-empty array of increasing numbers (got [])");
  expect_error("id-mismatch",
               "id: expected \"id-mismatch\", the file name without .json (got \"another-name\")");
  expect_error("duplicate-knob",
               "knobs[1].name: expected a name not used by an earlier knob (got \"gpu_freq\")");
  expect_error("missing-unit", "knobs[1].unit: expected a string, but the field is missing");
  expect_error("wrong-schema", "schema: expected \"paretolab-device/1\" (got \"paretolab-device/99\")");
  expect_error("range-off-step", "knobs[1].range.max: expected min plus a whole number of steps (got 260)");
  expect_error("levels-and-range", "knobs[1]: expected exactly one of \"levels\" or \"range\"");
  expect_error("section-not-object", "inference: expected an object");
  expect_error("unknown-source",
               "knobs[0].source: expected the id of an entry in \"sources\" (got \"nowhere\")");
  expect_error("no-sources", "sources: expected a non-empty array (got [])");
  expect_error("duplicate-sensor", "sensors[1].name: expected a name not used by an earlier sensor");
  expect_error("simulated-not-bool", "simulated: expected true or false (got \"yes\")");
}

TEST(hw_DeviceModel, SyntaxErrorsNameLineAndColumn) {
  const std::string file = device_fixture("bad/syntax-error.json").string();
  const std::string message = load_error("syntax-error");
  // The missing comma after line 4 is noticed at the end of the string that starts line 5.
  EXPECT_EQ(message.rfind(file + ":5:9: invalid JSON: ", 0), 0u) << message;
  EXPECT_NE(message.find("invalid JSON"), std::string::npos) << message;
}

TEST(hw_DeviceModel, MissingFileIsAnInputError) {
  try {
    load_device_model(device_fixture("good/does-not-exist.json"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does-not-exist.json: cannot read the file"), std::string::npos);
  }
}

TEST(hw_DeviceModel, FromJsonChecksTheIdOnlyWhenAsked) {
  nlohmann::json j = read_json_file(device_fixture("good/tiny-edge.json"));
  EXPECT_EQ(device_model_from_json(j, "mem").id, "tiny-edge");
  EXPECT_THROW(device_model_from_json(j, "mem", "other"), InputError);
  j["knobs"][1]["range"]["step"] = 0;
  try {
    device_model_from_json(j, "mem");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "mem: knobs[1].range.step: expected a number above 0 (got 0)");
  }
}

TEST(hw_JsonCheck, TopLevelMustBeAnObject) {
  try {
    device_model_from_json(nlohmann::json::array(), "x.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "x.json: top level: expected an object (got [])");
  }
}

TEST(hw_JsonCheck, ParseErrorsCountLinesFromOne) {
  try {
    parse_json_text("{\n  \"a\": 1,\n  \"b\": ]\n}", "t.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("t.json:3:8: invalid JSON: ", 0), 0u) << e.what();
  }
}

// The shipped devices all load: the real data the simulated targets use.
TEST(hw_DeviceModel, JetsonAgxOrinHasThePaperLevels) {
  const auto file = std::filesystem::path(build::kSourceDataDir) / "devices" / "jetson-agx-orin.json";
  const DeviceModel m = load_device_model(file);
  // PolyThrottle (arXiv 2310.19991): 13 GPU levels 114.75..1300.5 MHz, EMC 204/665.6/2133/3199 MHz,
  // CPU 14 levels from 268.8 to 2201.6 MHz; 91 GPU min<=max pairs x 4 EMC x 5 batch sizes = 1,820.
  const Knob* gpu = m.find_knob("gpu_max_freq");
  ASSERT_NE(gpu, nullptr);
  EXPECT_EQ(gpu->levels.size(), 13u);
  EXPECT_DOUBLE_EQ(gpu->levels.front(), 114.75);
  EXPECT_DOUBLE_EQ(gpu->levels.back(), 1300.5);
  EXPECT_EQ(m.find_knob("gpu_min_freq")->levels, gpu->levels);
  EXPECT_EQ(m.find_knob("emc_freq")->levels, (std::vector<double>{204, 665.6, 2133, 3199}));
  const Knob* cpu = m.find_knob("cpu_freq");
  ASSERT_NE(cpu, nullptr);
  EXPECT_EQ(cpu->levels.size(), 14u);
  EXPECT_DOUBLE_EQ(cpu->levels.front(), 268.8);
  EXPECT_DOUBLE_EQ(cpu->levels.back(), 2201.6);
  const std::size_t n = gpu->levels.size();
  EXPECT_EQ(n * (n + 1) / 2 * m.find_knob("emc_freq")->levels.size() * 5, 1820u);
  EXPECT_GE(m.sources.size(), 2u);
}

}  // namespace
}  // namespace plab::hw
