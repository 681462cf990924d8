#include "core/experiment/schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/util/error.h"

namespace plab {
namespace {

nlohmann::json schema_json() {
  return {{"type", "object"},
          {"properties",
           {{"batch", {{"type", "integer"}, {"default", 8}, {"minimum", 1}, {"maximum", 64}}},
            {"slo_ms", {{"type", "number"}, {"default", 250.0}, {"minimum", 1}, {"unit", "ms"}}},
            {"optimizer", {{"type", "string"}, {"default", "bo"}, {"enum", {"bo", "random", "grid"}}}},
            {"fine_tune", {{"type", "boolean"}, {"default", false}}},
            {"model", {{"type", "string"}}}}},
          {"required", {"model"}}};
}

TEST(ParamSchema, ParsesPropertiesAndRequired) {
  auto s = ParamSchema::from_json(schema_json(), "test");
  ASSERT_EQ(s.properties().size(), 5u);
  EXPECT_TRUE(s.find("model")->required);
  EXPECT_FALSE(s.find("batch")->required);
  EXPECT_EQ(s.find("slo_ms")->unit, "ms");
  EXPECT_EQ(s.defaults().size(), 4u);
}

TEST(ParamSchema, ApplyFillsDefaultsAndNormalisesIntegers) {
  auto s = ParamSchema::from_json(schema_json(), "test");
  auto v = s.apply({{"model", "bert"}, {"batch", 16.0}}, "cfg.json");
  EXPECT_EQ(v["batch"], 16);
  EXPECT_TRUE(v["batch"].is_number_integer());
  EXPECT_EQ(v["optimizer"], "bo");
  EXPECT_EQ(v["slo_ms"], 250.0);
}

TEST(ParamSchema, WrongTypeNamesFieldAndExpectedType) {
  auto s = ParamSchema::from_json(schema_json(), "test");
  try {
    s.apply({{"model", "bert"}, {"batch", "big"}}, "cfg.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "cfg.json: field 'batch': expected an integer, got string \"big\"");
  }
}

TEST(ParamSchema, ReportsEveryProblem) {
  auto s = ParamSchema::from_json(schema_json(), "test");
  auto errors = s.validate({{"batch", 0}, {"slo_ms", true}, {"optimizer", "annealing"}, {"colour", 3}});
  ASSERT_EQ(errors.size(), 5u);  // four bad values + missing required 'model'
  std::map<std::string, std::string> by_field;
  for (const auto& e : errors) by_field[e.field] = e.message;
  EXPECT_EQ(by_field["batch"], "field 'batch': 0 is below the minimum 1");
  EXPECT_EQ(by_field["slo_ms"], "field 'slo_ms': expected a number, got boolean true");
  EXPECT_NE(by_field["optimizer"].find("is not one of: \"bo\", \"random\", \"grid\""), std::string::npos);
  EXPECT_NE(by_field["colour"].find("unknown parameter"), std::string::npos);
  EXPECT_EQ(by_field["model"], "field 'model': required, expected string");
}

TEST(ParamSchema, RangeMessageCarriesUnit) {
  auto s = ParamSchema::from_json(schema_json(), "test");
  auto why = s.check_value(*s.find("slo_ms"), 0.5);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "field 'slo_ms': 0.5 ms is below the minimum 1 ms");
  EXPECT_FALSE(s.check_value(*s.find("slo_ms"), 3));
}

TEST(ParamSchema, ParseTextConvertsByType) {
  auto s = ParamSchema::from_json(schema_json(), "test");
  EXPECT_EQ(s.parse_text("batch", "32"), 32);
  EXPECT_EQ(s.parse_text("slo_ms", "2.5e2"), 250.0);
  EXPECT_EQ(s.parse_text("fine_tune", "true"), true);
  EXPECT_EQ(s.parse_text("model", "12"), "12");
  EXPECT_THROW(s.parse_text("batch", "3.5"), InputError);
  EXPECT_THROW(s.parse_text("batch", "12abc"), InputError);
  EXPECT_THROW(s.parse_text("fine_tune", "maybe"), InputError);
  EXPECT_THROW(s.parse_text("nope", "1"), InputError);
}

TEST(ParamSchema, RejectsMalformedSchemas) {
  EXPECT_THROW(ParamSchema::from_json({{"properties", {{"x", {{"type", "float"}}}}}}, "m"), InputError);
  EXPECT_THROW(ParamSchema::from_json({{"properties", {{"x", {{"type", "integer"}, {"default", "a"}}}}}}, "m"),
               InputError);
  EXPECT_THROW(ParamSchema::from_json({{"properties", {{"x", {{"type", "number"}, {"minimum", 5}, {"maximum", 1}}}}}}, "m"),
               InputError);
  EXPECT_THROW(ParamSchema::from_json({{"properties", {{"x", {{"type", "integer"}, {"enum", {1, "b"}}}}}}}, "m"),
               InputError);
  EXPECT_THROW(ParamSchema::from_json({{"required", {"ghost"}}, {"properties", nlohmann::json::object()}}, "m"),
               InputError);
}

TEST(ReadJsonFile, SyntaxErrorNamesFileLineAndColumn) {
  auto path = std::filesystem::temp_directory_path() / "plab_schema_test_bad.json";
  {
    std::ofstream f(path);
    f << "{\n  \"batch\": 4,\n  \"slo_ms\": ,\n}\n";
  }
  try {
    read_json_file(path.string());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(path.string() + ":3:", 0), 0u) << msg;
  }
  std::filesystem::remove(path);
  EXPECT_THROW(read_json_file("/nonexistent/file.json"), InputError);
}

}  // namespace
}  // namespace plab
