// CPU sensors read from a fixture sysfs tree, NVML telemetry through a stand-in library.
#include <gtest/gtest.h>

#include <thread>

#include "plugins/variability-profiler/src/cpu_sensors.h"
#include "plugins/variability-profiler/src/dataset.h"
#include "plugins/variability-profiler/src/nvml_telemetry.h"

namespace plab::variability {
namespace {

TEST(CpuSensors, ReadsAFixtureTree) {
  const CpuSensors s(PLAB_VARIABILITY_FIXTURES "/sysfs");
  EXPECT_TRUE(s.has_frequency());
  EXPECT_TRUE(s.has_temperature());
  EXPECT_TRUE(s.has_energy());
  EXPECT_TRUE(s.missing().empty());
  EXPECT_DOUBLE_EQ(*s.frequency_mhz(0), 2400.0);  // scaling_cur_freq 2400000 kHz
  EXPECT_DOUBLE_EQ(*s.frequency_mhz(1), 2200.0);
  EXPECT_FALSE(s.frequency_mhz(7).has_value());
  EXPECT_DOUBLE_EQ(*s.temperature_c(), 47.0);   // coretemp; the nvme chip is not a CPU sensor
  EXPECT_DOUBLE_EQ(*s.energy_j(), 123.456789);  // package domain only, not the core subdomain
  EXPECT_NEAR(s.energy_range_j(), 262143.32885, 1e-6);
}

TEST(CpuSensors, SaysWhatIsMissing) {
  const CpuSensors s(std::filesystem::temp_directory_path() / "plab-no-such-sysfs");
  EXPECT_FALSE(s.has_frequency());
  EXPECT_FALSE(s.has_temperature());
  EXPECT_FALSE(s.has_energy());
  ASSERT_EQ(s.missing().size(), 3u);
  EXPECT_NE(s.missing()[0].find("frequency"), std::string::npos);
  EXPECT_NE(s.missing()[1].find("temperature"), std::string::npos);
  EXPECT_NE(s.missing()[2].find("power"), std::string::npos);
  EXPECT_FALSE(s.energy_j().has_value());
}

TEST(CpuSensors, AffinityListsAndPins) {
  const auto cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  std::thread t([&] { EXPECT_TRUE(pin_this_thread(cpus.back())); });
  t.join();
}

TEST(NvmlTelemetry, ReadsThroughTheLoadedLibrary) {
  std::string why;
  auto nvml = NvmlTelemetry::open(PLAB_FAKE_NVML, why);
  ASSERT_TRUE(nvml) << why;
  EXPECT_EQ(nvml->count(), 2u);
  const GpuInfo g = nvml->info(0);
  EXPECT_EQ(g.name, "Fake GPU A");
  EXPECT_EQ(g.uuid, "GPU-fake-0");
  EXPECT_DOUBLE_EQ(g.power_limit_w, 300.0);
  const GpuSample a = nvml->sample(0);
  EXPECT_DOUBLE_EQ(a.sm_clock_mhz, 1410);
  EXPECT_DOUBLE_EQ(a.power_w, 251.5);
  EXPECT_DOUBLE_EQ(a.temperature_c, 55);
  const GpuSample b = nvml->sample(1);
  EXPECT_FALSE(present(b.power_w));  // not supported on that GPU: missing, not zero
  EXPECT_DOUBLE_EQ(b.temperature_c, 61);
  EXPECT_EQ(nvml->index_of_pci_bus_id("00000000:02:00.0"), 1u);
  EXPECT_FALSE(nvml->index_of_pci_bus_id("00000000:09:00.0").has_value());
}

TEST(NvmlTelemetry, AbsentLibraryIsReportedNotFatal) {
  std::string why;
  EXPECT_FALSE(NvmlTelemetry::open("/nonexistent/libnvidia-ml.so.1", why));
  EXPECT_NE(why.find("cannot load"), std::string::npos) << why;
}

}  // namespace
}  // namespace plab::variability
