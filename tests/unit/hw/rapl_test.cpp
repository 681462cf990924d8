#include <gtest/gtest.h>

#include "core/hw/probe_rapl.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

TEST(hw_RaplProbe, ListsZonesAndSkipsTheControlFolder) {
  const RaplReport r = probe_rapl(test::sysfs_case("desktop"));
  EXPECT_TRUE(r.reason.empty());
  ASSERT_EQ(r.zones.size(), 3u);  // intel-rapl:0, intel-rapl:0:0, intel-rapl:1 (not "intel-rapl")
  EXPECT_EQ(r.zones[0].id, "intel-rapl:0");
  EXPECT_EQ(r.zones[0].name, "package-0");
  EXPECT_TRUE(r.zones[0].energy_readable);
  EXPECT_EQ(r.zones[0].energy_uj, 123456789u);
  EXPECT_EQ(r.zones[0].max_energy_range_uj, 262143328850u);
  EXPECT_EQ(r.zones[1].id, "intel-rapl:0:0");
  EXPECT_EQ(r.zones[1].name, "core");
  // psys has no energy_uj in the fixture: reported unreadable, with the reason, and no value.
  EXPECT_EQ(r.zones[2].name, "psys");
  EXPECT_FALSE(r.zones[2].energy_readable);
  EXPECT_FALSE(r.zones[2].energy_uj.has_value());
  EXPECT_NE(r.zones[2].reason.find("no energy_uj"), std::string::npos);
}

TEST(hw_RaplProbe, EmptyTreeSaysWhy) {
  const RaplReport r = probe_rapl(test::sysfs_case("empty"));
  EXPECT_TRUE(r.zones.empty());
  EXPECT_NE(r.reason.find("no RAPL zones under /sys/class/powercap"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("read permission"), std::string::npos);
}

TEST(hw_RaplDelta, HandlesWrapAround) {
  EXPECT_EQ(rapl_delta_uj(100, 250, 1000), 150u);
  EXPECT_EQ(rapl_delta_uj(900, 50, 1000), 150u);  // 900 -> 1000 (100) then 0 -> 50 (50)
  EXPECT_EQ(rapl_delta_uj(1000, 0, 1000), 0u);
  EXPECT_EQ(rapl_delta_uj(5, 5, 1000), 0u);
  EXPECT_EQ(rapl_delta_uj(2000, 10, 1000), 0u);  // a reading beyond the range is not trusted
}

TEST(hw_RaplCounter, AccumulatesAcrossWraps) {
  test::TempDir root;
  const std::uint64_t range = 262143328850;  // a real max_energy_range_uj
  root.write("energy_uj", std::to_string(range - 1000000) + "\n");
  RaplEnergyCounter counter(root.path() / "energy_uj", range);
  ASSERT_TRUE(counter.ok());
  root.write("energy_uj", std::to_string(range - 400000) + "\n");  // +0.6 J
  EXPECT_NEAR(*counter.joules(), 0.6, 1e-9);
  root.write("energy_uj", "1500000\n");  // wrapped: +0.4 J to the top, +1.5 J after
  EXPECT_NEAR(*counter.joules(), 2.5, 1e-9);
  root.write("energy_uj", "4500000\n");  // +3 J
  EXPECT_NEAR(*counter.joules(), 5.5, 1e-9);
  std::filesystem::remove(root.path() / "energy_uj");
  EXPECT_FALSE(counter.joules().has_value());  // unreadable now: no made-up value
}

TEST(hw_RaplCounter, UnreadableZoneIsNotOk) {
  const RaplReport r = probe_rapl(test::sysfs_case("desktop"));
  RaplEnergyCounter psys(r.zones[2]);
  EXPECT_FALSE(psys.ok());
  EXPECT_FALSE(psys.joules().has_value());
  RaplEnergyCounter package(r.zones[0]);
  EXPECT_TRUE(package.ok());
  EXPECT_NEAR(*package.joules(), 0.0, 1e-12);  // the fixture does not change between reads
}

}  // namespace
}  // namespace plab::hw
