#include "core/hw/local_probe.h"

#include <gtest/gtest.h>

#include "core/hw/sysfs.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

constexpr const char* kNoNvml = "libplab-no-such-nvml.so.1";

LocalReport probe(const std::filesystem::path& root) {
  return LocalProbe(LocalProbeOptions{root, kNoNvml, true}).run();
}

// Every entry of a report's to_json() is well-formed, and an unavailable one carries a reason and
// no value (nothing is filled in for what is missing).
void expect_well_formed(const nlohmann::json& j) {
  ASSERT_EQ(j["schema"], "paretolab-local/1");
  ASSERT_TRUE(j["root"].is_string());
  for (const char* list : {"sensors", "knobs"}) {
    ASSERT_TRUE(j[list].is_array()) << list;
    EXPECT_FALSE(j[list].empty()) << list;
    for (const auto& e : j[list]) {
      ASSERT_TRUE(e["name"].is_string()) << e;
      EXPECT_FALSE(e["name"].get<std::string>().empty()) << e;
      ASSERT_TRUE(e["unit"].is_string()) << e;
      ASSERT_TRUE(e["available"].is_boolean()) << e;
      if (!e["available"].get<bool>()) {
        ASSERT_TRUE(e.contains("reason")) << e;
        EXPECT_FALSE(e["reason"].get<std::string>().empty()) << e;
        EXPECT_FALSE(e.contains("value")) << e;
      }
    }
  }
  for (const char* part : {"cpufreq", "rapl", "hwmon", "proc_stat", "nvml"}) {
    EXPECT_TRUE(j["details"].contains(part)) << part;
  }
}

TEST(hw_LocalProbe, DesktopFixture) {
  const LocalReport r = probe(test::sysfs_case("desktop"));
  EXPECT_TRUE(r.host.is_null());  // host facts only when probing the real "/"
  ASSERT_NE(r.find_sensor("cpu_utilisation"), nullptr);
  EXPECT_TRUE(r.find_sensor("cpu_utilisation")->available);
  EXPECT_EQ(r.proc_stat_cpus, 2u);

  const Capability* freq = r.find_sensor("cpu_frequency");
  ASSERT_NE(freq, nullptr);
  EXPECT_TRUE(freq->available);
  EXPECT_DOUBLE_EQ(*freq->value, 2000.0);  // mean of 2400 and 1600 MHz

  ASSERT_NE(r.find_sensor("rapl/package-0"), nullptr);
  EXPECT_TRUE(r.find_sensor("rapl/package-0")->available);
  EXPECT_EQ(r.find_sensor("rapl/package-0")->unit, "J");
  ASSERT_NE(r.find_sensor("rapl/package-0/core"), nullptr);  // sub-zones are named under their package
  const Capability* psys = r.find_sensor("rapl/psys");
  ASSERT_NE(psys, nullptr);
  EXPECT_FALSE(psys->available);
  EXPECT_NE(psys->reason.find("no energy_uj"), std::string::npos);

  const Capability* pkg_temp = r.find_sensor("hwmon/coretemp/temp1");
  ASSERT_NE(pkg_temp, nullptr);
  EXPECT_TRUE(pkg_temp->available);
  EXPECT_EQ(pkg_temp->description, "Package id 0");
  EXPECT_DOUBLE_EQ(*pkg_temp->value, 45.0);
  EXPECT_EQ(pkg_temp->source, "/sys/class/hwmon/hwmon0/temp1_input");
  const Capability* broken = r.find_sensor("hwmon/ina3221/temp3");
  ASSERT_NE(broken, nullptr);
  EXPECT_FALSE(broken->available);
  EXPECT_FALSE(broken->value.has_value());

  const Capability* gpu = r.find_sensor("gpu/power");
  ASSERT_NE(gpu, nullptr);
  EXPECT_FALSE(gpu->available);
  EXPECT_NE(gpu->reason.find("NVML not available: cannot load libplab-no-such-nvml.so.1"), std::string::npos)
      << gpu->reason;

  // cpu0 runs the userspace governor with a writable scaling_setspeed (files owned by the checkout).
  const Capability* set = r.find_knob("cpu_frequency");
  ASSERT_NE(set, nullptr);
  EXPECT_TRUE(set->available) << set->reason;
  EXPECT_EQ(set->levels, nlohmann::json({800.0, 1600.0, 2400.0, 3000.0}));
  EXPECT_EQ(set->current, 2400.0);
  ASSERT_NE(r.find_knob("cpu_max_frequency"), nullptr);
  EXPECT_EQ(r.find_knob("cpu_max_frequency")->current, 3000.0);
  const Capability* gov = r.find_knob("cpu_governor");
  ASSERT_NE(gov, nullptr);
  EXPECT_EQ(gov->choices.size(), 6u);
  EXPECT_EQ(gov->current, "userspace");
  ASSERT_NE(r.find_knob("gpu/power_limit"), nullptr);
  EXPECT_FALSE(r.find_knob("gpu/power_limit")->available);

  expect_well_formed(r.to_json());
}

TEST(hw_LocalProbe, SetspeedNeedsTheUserspaceGovernor) {
  test::TempDir root;
  const std::string f = "sys/devices/system/cpu/cpu0/cpufreq/";
  root.write(f + "scaling_governor", "schedutil\n");
  root.write(f + "scaling_available_governors", "performance schedutil userspace\n");
  root.write(f + "scaling_setspeed", "<unsupported>\n");
  root.write(f + "cpuinfo_min_freq", "400000\n");
  root.write(f + "cpuinfo_max_freq", "3600000\n");
  const LocalReport r = probe(root.path());
  const Capability* set = r.find_knob("cpu_frequency");
  ASSERT_NE(set, nullptr);
  EXPECT_FALSE(set->available);
  EXPECT_NE(set->reason.find("only with the userspace governor; the governor is 'schedutil'"),
            std::string::npos)
      << set->reason;
  EXPECT_NE(set->reason.find("switching it is possible"), std::string::npos) << set->reason;
  // Without a list of frequencies the knob offers the hardware range.
  ASSERT_TRUE(set->range.has_value());
  EXPECT_DOUBLE_EQ(set->range->first, 400.0);
  EXPECT_DOUBLE_EQ(set->range->second, 3600.0);
  // scaling_max_freq does not exist here, so it cannot be written.
  EXPECT_FALSE(r.find_knob("cpu_max_frequency")->available);
  EXPECT_NE(r.find_knob("cpu_max_frequency")->reason.find("scaling_max_freq not writable"),
            std::string::npos);
  expect_well_formed(r.to_json());
}

TEST(hw_LocalProbe, EmptyTreeReportsEverythingMissingWithReasons) {
  const LocalReport r = probe(test::sysfs_case("empty"));
  for (const auto& s : r.sensors) {
    EXPECT_FALSE(s.available) << s.name;
    EXPECT_FALSE(s.reason.empty()) << s.name;
    EXPECT_FALSE(s.value.has_value()) << s.name;
  }
  for (const auto& k : r.knobs) {
    EXPECT_FALSE(k.available) << k.name;
    EXPECT_FALSE(k.reason.empty()) << k.name;
  }
  EXPECT_NE(r.find_sensor("cpu_utilisation")->reason.find("cannot read /proc/stat"), std::string::npos);
  EXPECT_NE(r.find_sensor("rapl/package")->reason.find("no RAPL zones under /sys/class/powercap"),
            std::string::npos);
  EXPECT_NE(r.find_sensor("hwmon")->reason.find("no hwmon devices"), std::string::npos);
  EXPECT_NE(r.find_knob("cpu_frequency")->reason.find("no CPUs listed"), std::string::npos);
  expect_well_formed(r.to_json());
}

TEST(hw_LocalProbe, NvmlCanBeLeftOut) {
  const LocalReport r = LocalProbe(LocalProbeOptions{test::sysfs_case("empty"), kNoNvml, false}).run();
  EXPECT_NE(r.find_sensor("gpu/power")->reason.find("not probed"), std::string::npos);
}

// The real machine: nothing may be assumed to exist (CI runs in containers without cpufreq, RAPL,
// hwmon or a GPU), but the report must be well-formed and agree with what the files say.
TEST(hw_LocalProbe, RealMachineReportIsWellFormed) {
  const LocalReport r = LocalProbe().run();
  const nlohmann::json j = r.to_json();
  expect_well_formed(j);
  EXPECT_EQ(j["root"], "/");
  EXPECT_TRUE(j["host"].is_object());
  const bool proc_readable = sysfs::read_text("/proc/stat").has_value();
  EXPECT_EQ(r.find_sensor("cpu_utilisation")->available, proc_readable);
  if (proc_readable) {
    EXPECT_GE(r.proc_stat_cpus, 1u);
  }
  const bool has_powercap = !sysfs::entries_with_prefix("/sys/class/powercap", "intel-rapl:").empty();
  EXPECT_EQ(r.rapl.zones.empty(), !has_powercap);
  EXPECT_EQ(r.nvml.library, kNvmlLibrary);
  if (!r.nvml.available) {
    EXPECT_FALSE(r.nvml.reason.empty());
  }
}

}  // namespace
}  // namespace plab::hw
