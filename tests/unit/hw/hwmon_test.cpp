#include <gtest/gtest.h>

#include "core/hw/probe_hwmon.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

const HwmonSensor* find(const HwmonDevice& d, const std::string& channel) {
  for (const auto& s : d.sensors) {
    if (s.channel == channel) return &s;
  }
  return nullptr;
}

TEST(hw_HwmonProbe, ReadsDevicesInNumericOrderWithScaledValues) {
  const HwmonReport r = probe_hwmon(test::sysfs_case("desktop"));
  EXPECT_TRUE(r.reason.empty());
  ASSERT_EQ(r.devices.size(), 4u);
  EXPECT_EQ(r.devices[0].id, "hwmon0");
  EXPECT_EQ(r.devices[1].id, "hwmon1");
  EXPECT_EQ(r.devices[2].id, "hwmon2");
  EXPECT_EQ(r.devices[3].id, "hwmon10");

  const HwmonDevice& core = r.devices[0];
  EXPECT_EQ(core.name, "coretemp");
  ASSERT_EQ(core.sensors.size(), 2u);  // temp1_crit is not an input
  const HwmonSensor* t1 = find(core, "temp1");
  ASSERT_NE(t1, nullptr);
  EXPECT_EQ(t1->label, "Package id 0");
  EXPECT_EQ(t1->unit, "°C");
  EXPECT_DOUBLE_EQ(*t1->value, 45.0);  // 45000 millidegrees
  EXPECT_DOUBLE_EQ(*find(core, "temp2")->value, 43.5);

  const HwmonDevice& ina = r.devices[2];
  EXPECT_EQ(ina.name, "ina3221");
  const HwmonSensor* p1 = find(ina, "power1");
  ASSERT_NE(p1, nullptr);
  EXPECT_EQ(p1->attribute, "power1_input");  // input preferred over average
  EXPECT_EQ(p1->unit, "W");
  EXPECT_DOUBLE_EQ(*p1->value, 15.52);  // 15520000 microwatts
  const HwmonSensor* p2 = find(ina, "power2");
  ASSERT_NE(p2, nullptr);
  EXPECT_EQ(p2->attribute, "power2_average");  // only an average exists
  EXPECT_EQ(p2->label, "VDD_GPU_SOC");
  EXPECT_DOUBLE_EQ(*p2->value, 2.5);
  EXPECT_DOUBLE_EQ(*find(ina, "in1")->value, 19.104);  // millivolts
  EXPECT_EQ(find(ina, "in1")->unit, "V");
  EXPECT_DOUBLE_EQ(*find(ina, "curr1")->value, 0.812);   // milliamperes
  EXPECT_DOUBLE_EQ(*find(ina, "freq1")->value, 1300.5);  // hertz -> MHz
  EXPECT_EQ(find(ina, "freq1")->unit, "MHz");
  // An unparsable input is listed without a value, never as 0.
  const HwmonSensor* bad = find(ina, "temp3");
  ASSERT_NE(bad, nullptr);
  EXPECT_FALSE(bad->value.has_value());
  EXPECT_TRUE(r.to_json()["devices"][2]["sensors"].back()["value"].is_null());
}

TEST(hw_HwmonProbe, RereadsOneSensor) {
  test::TempDir root;
  root.write("sys/class/hwmon/hwmon0/name", "k10temp\n");
  root.write("sys/class/hwmon/hwmon0/temp1_input", "50125\n");
  const HwmonReport r = probe_hwmon(root.path());
  ASSERT_EQ(r.devices.size(), 1u);
  const auto dir = root.path() / "sys/class/hwmon/hwmon0";
  EXPECT_DOUBLE_EQ(*r.devices[0].sensors[0].value, 50.125);
  root.write("sys/class/hwmon/hwmon0/temp1_input", "61000\n");
  EXPECT_DOUBLE_EQ(*read_hwmon_value(dir, r.devices[0].sensors[0]), 61.0);
}

TEST(hw_HwmonProbe, EmptyTreeSaysWhy) {
  const HwmonReport r = probe_hwmon(test::sysfs_case("empty"));
  EXPECT_TRUE(r.devices.empty());
  EXPECT_NE(r.reason.find("no hwmon devices under /sys/class/hwmon"), std::string::npos);
}

}  // namespace
}  // namespace plab::hw
