#include <gtest/gtest.h>

#include "core/hw/probe_cpufreq.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

TEST(hw_CpuFreqProbe, ReadsEveryCpuOfTheFixture) {
  const CpuFreqReport r = probe_cpufreq(test::sysfs_case("desktop"));
  EXPECT_TRUE(r.reason.empty()) << r.reason;
  EXPECT_TRUE(r.any_cpufreq());
  // cpu0, cpu1, cpu2, cpu10 in numeric order; cpufreq/ and cpuidle/ are not CPUs.
  ASSERT_EQ(r.cpus.size(), 4u);
  EXPECT_EQ(r.cpus[0].cpu, 0);
  EXPECT_EQ(r.cpus[1].cpu, 1);
  EXPECT_EQ(r.cpus[2].cpu, 2);
  EXPECT_EQ(r.cpus[3].cpu, 10);

  const CpuFreqCpu& c0 = r.cpus[0];
  EXPECT_TRUE(c0.has_cpufreq);
  EXPECT_FALSE(c0.online.has_value());  // cpu0 has no online file
  EXPECT_EQ(c0.driver, "acpi-cpufreq");
  EXPECT_EQ(c0.cur_khz, 2400000);
  EXPECT_EQ(c0.min_khz, 800000);
  EXPECT_EQ(c0.max_khz, 3000000);
  EXPECT_EQ(c0.hw_min_khz, 800000);
  EXPECT_EQ(c0.hw_max_khz, 3000000);
  // The kernel lists them high to low; the report keeps them increasing.
  EXPECT_EQ(c0.available_khz, (std::vector<std::int64_t>{800000, 1600000, 2400000, 3000000}));
  EXPECT_EQ(c0.available_governors.size(), 6u);
  EXPECT_EQ(c0.governor, "userspace");
  // The fixture files are writable by their owner; access(W_OK) says so (nothing is written).
  EXPECT_TRUE(c0.setspeed_writable);
  EXPECT_TRUE(c0.max_freq_writable);
  EXPECT_TRUE(c0.governor_writable);

  EXPECT_EQ(r.cpus[1].governor, "schedutil");
  EXPECT_EQ(r.cpus[1].online, true);
  EXPECT_EQ(r.cpus[1].cur_khz, 1600000);
  EXPECT_FALSE(r.cpus[2].has_cpufreq);
  EXPECT_EQ(r.cpus[2].online, false);
  EXPECT_FALSE(r.cpus[2].cur_khz.has_value());
}

TEST(hw_CpuFreqProbe, EmptyTreeSaysWhy) {
  const CpuFreqReport r = probe_cpufreq(test::sysfs_case("empty"));
  EXPECT_TRUE(r.cpus.empty());
  EXPECT_FALSE(r.any_cpufreq());
  EXPECT_NE(r.reason.find("no CPUs listed under /sys/devices/system/cpu"), std::string::npos) << r.reason;
}

TEST(hw_CpuFreqProbe, CpusWithoutCpufreqSayWhy) {
  test::TempDir root;
  root.write("sys/devices/system/cpu/cpu0/online", "1\n");
  root.write("sys/devices/system/cpu/cpu1/online", "1\n");
  const CpuFreqReport r = probe_cpufreq(root.path());
  ASSERT_EQ(r.cpus.size(), 2u);
  EXPECT_FALSE(r.any_cpufreq());
  EXPECT_NE(r.reason.find("no cpufreq under /sys/devices/system/cpu/cpu*/cpufreq"), std::string::npos)
      << r.reason;
}

TEST(hw_CpuFreqProbe, MissingFilesStayEmpty) {
  test::TempDir root;
  root.write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "garbage\n");
  const CpuFreqReport r = probe_cpufreq(root.path());
  ASSERT_EQ(r.cpus.size(), 1u);
  const CpuFreqCpu& c = r.cpus[0];
  EXPECT_TRUE(c.has_cpufreq);
  EXPECT_FALSE(c.cur_khz.has_value());  // unparsable is not zero
  EXPECT_FALSE(c.max_khz.has_value());
  EXPECT_TRUE(c.available_khz.empty());
  EXPECT_FALSE(c.setspeed_writable);  // no such file
  EXPECT_FALSE(c.governor_writable);
  const auto j = r.to_json();
  EXPECT_TRUE(j["cpus"][0]["cur_khz"].is_null());
}

}  // namespace
}  // namespace plab::hw
