#include <gtest/gtest.h>

#include "core/hw/probe_procstat.h"
#include "core/hw/sysfs.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

TEST(hw_ProcStat, ParsesCpuLinesOnly) {
  const auto t = parse_proc_stat(*sysfs::read_text(test::sysfs_case("desktop") / "proc/stat"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].name, "cpu");
  EXPECT_EQ(t[1].name, "cpu0");
  EXPECT_EQ(t[2].name, "cpu1");
  EXPECT_EQ(t[2].user, 200u);
  EXPECT_EQ(t[2].nice, 10u);
  EXPECT_EQ(t[2].softirq, 5u);
  EXPECT_EQ(t[2].total(), 200u + 10 + 100 + 800 + 0 + 0 + 5 + 0);
  EXPECT_EQ(t[2].idle_all(), 800u);
}

TEST(hw_ProcStat, OldKernelsWithFourFieldsStillParse) {
  const auto t = parse_proc_stat("cpu  1 2 3 4\ncpu0 1 2 3\n");
  ASSERT_EQ(t.size(), 1u);  // cpu0 has only three numbers and is skipped
  EXPECT_EQ(t[0].total(), 10u);
}

// The two fixture readings, by hand (ticks):
//   cpu0: total 1000 -> 1150 (+150), idle+iowait 850 -> 920 (+70): busy 80/150
//   cpu1: total 1100 -> 1290 (+190), idle+iowait 850 -> 870 (+20): busy 170/190
//   cpu : total 2100 -> 2440 (+340), idle+iowait 1700 -> 1790 (+90): busy 250/340
TEST(hw_ProcStat, SamplerUtilisationMatchesHandComputedValues) {
  test::TempDir root;
  const auto t0 = *sysfs::read_text(test::sysfs_case("procstat/t0") / "proc/stat");
  const auto t1 = *sysfs::read_text(test::sysfs_case("procstat/t1") / "proc/stat");
  root.write("proc/stat", t0);
  ProcStatSampler sampler(root.path());
  ASSERT_TRUE(sampler.ok()) << sampler.reason();
  EXPECT_EQ(sampler.cpu_count(), 2u);
  root.write("proc/stat", t1);
  const auto u = sampler.sample();
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[0].name, "cpu");
  EXPECT_NEAR(*u[0].value, 250.0 / 340.0, 1e-12);
  EXPECT_EQ(u[1].name, "cpu0");
  EXPECT_NEAR(*u[1].value, 80.0 / 150.0, 1e-12);
  EXPECT_EQ(u[2].name, "cpu1");
  EXPECT_NEAR(*u[2].value, 170.0 / 190.0, 1e-12);
  // No tick passed since: utilisation is undefined, not 0.
  const auto again = sampler.sample();
  ASSERT_EQ(again.size(), 3u);
  EXPECT_FALSE(again[1].value.has_value());
}

TEST(hw_ProcStat, CountersGoingBackwardsAreUndefined) {
  CpuTimes a, b;
  a.user = 100;
  a.idle = 100;
  b.user = 50;
  b.idle = 100;
  EXPECT_FALSE(utilisation(a, b).has_value());
  b.user = 150;
  b.idle = 150;
  EXPECT_NEAR(*utilisation(a, b), 0.5, 1e-12);
}

TEST(hw_ProcStat, MissingFileSaysWhy) {
  ProcStatSampler sampler(test::sysfs_case("empty"));
  EXPECT_FALSE(sampler.ok());
  EXPECT_NE(sampler.reason().find("cannot read /proc/stat"), std::string::npos);
  EXPECT_TRUE(sampler.sample().empty());
}

}  // namespace
}  // namespace plab::hw
