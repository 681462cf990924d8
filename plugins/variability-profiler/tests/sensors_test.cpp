// CPU sensors (over core/hw's probes) read from a fixture sysfs tree, GPU telemetry through a
// stand-in NVML library loaded by core/hw's loader.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "core/hw/nvml.h"
#include "plugins/variability-profiler/src/affinity.h"
#include "plugins/variability-profiler/src/cpu_sensors.h"
#include "plugins/variability-profiler/src/dataset.h"
#include "plugins/variability-profiler/src/gpu_telemetry.h"

namespace plab::variability {
namespace {
namespace fs = std::filesystem;

void write(const fs::path& f, const std::string& text) {
  std::ofstream out(f);
  out << text << "\n";
}

TEST(CpuSensors, ReadsAFixtureTree) {
  CpuSensors s(PLAB_VARIABILITY_FIXTURES "/sysfs");
  EXPECT_TRUE(s.has_frequency());
  EXPECT_TRUE(s.has_temperature());
  EXPECT_TRUE(s.has_energy());
  EXPECT_TRUE(s.missing().empty());
  EXPECT_EQ(s.found().size(), 3u);
  EXPECT_DOUBLE_EQ(*s.frequency_mhz(0), 2400.0);  // scaling_cur_freq 2400000 kHz
  EXPECT_DOUBLE_EQ(*s.frequency_mhz(1), 2200.0);
  EXPECT_FALSE(s.frequency_mhz(7).has_value());
  EXPECT_DOUBLE_EQ(*s.temperature_c(), 47.0);  // coretemp; the nvme chip (30 C) is not a CPU sensor
  EXPECT_DOUBLE_EQ(*s.energy_j(), 0.0);        // energy since construction: the counter did not move
}

TEST(CpuSensors, PackageEnergyAcrossACounterWrap) {
  // A copy of the fixture whose package counter wraps; the core sub-zone must not be counted.
  const fs::path root = fs::temp_directory_path() / ("plab-var-sysfs-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::copy(PLAB_VARIABILITY_FIXTURES "/sysfs", root, fs::copy_options::recursive);
  const fs::path pkg = root / "sys/class/powercap/intel-rapl:0";
  write(pkg / "max_energy_range_uj", "1000000000");  // 1000 J
  write(pkg / "energy_uj", "999000000");             // 999 J
  CpuSensors s(root);
  write(pkg / "energy_uj", "2500000");  // wrapped: 1 J to the top, then 2.5 J
  write(root / "sys/class/powercap/intel-rapl:0:0/energy_uj", "99999999");
  EXPECT_NEAR(*s.energy_j(), 3.5, 1e-9);
  fs::remove_all(root);
}

TEST(CpuSensors, SaysWhatIsMissing) {
  CpuSensors s(fs::temp_directory_path() / "plab-no-such-sysfs");
  EXPECT_FALSE(s.has_frequency());
  EXPECT_FALSE(s.has_temperature());
  EXPECT_FALSE(s.has_energy());
  ASSERT_EQ(s.missing().size(), 3u);
  EXPECT_EQ(s.missing()[0].rfind("frequency: ", 0), 0u) << s.missing()[0];
  EXPECT_EQ(s.missing()[1].rfind("temperature: ", 0), 0u) << s.missing()[1];
  EXPECT_EQ(s.missing()[2].rfind("power: ", 0), 0u) << s.missing()[2];
  EXPECT_NE(s.missing()[2].find("RAPL"), std::string::npos) << s.missing()[2];
  EXPECT_FALSE(s.energy_j().has_value());
  EXPECT_FALSE(s.temperature_c().has_value());
}

TEST(CpuAffinity, ListsAndPins) {
  const auto cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  std::thread t([&] { EXPECT_TRUE(pin_this_thread(cpus.back())); });
  t.join();
  EXPECT_FALSE(pin_this_thread(-1));
}

TEST(GpuTelemetry, ReadsThroughCoreNvml) {
  const auto nvml = hw::Nvml::load(PLAB_FAKE_NVML);
  ASSERT_TRUE(nvml->usable()) << nvml->reason();
  const GpuSample a = sample_gpu(*nvml, 0);
  EXPECT_DOUBLE_EQ(a.sm_clock_mhz, 1410);
  EXPECT_DOUBLE_EQ(a.power_w, 251.5);
  EXPECT_DOUBLE_EQ(a.temperature_c, 55);
  const GpuSample b = sample_gpu(*nvml, 1);
  EXPECT_FALSE(present(b.power_w));  // not supported on that GPU: missing, not zero
  EXPECT_DOUBLE_EQ(b.temperature_c, 61);
  const GpuSample none = sample_gpu(*nvml, 5);  // no such GPU
  EXPECT_FALSE(present(none.sm_clock_mhz) || present(none.power_w) || present(none.temperature_c));
  EXPECT_EQ(gpu_label(*nvml, 0), "Fake GPU A GPU-fake-0 limit 300 W");
  EXPECT_EQ(nvml_index_of_uuid(*nvml, "GPU-fake-1"), 1u);
  EXPECT_FALSE(nvml_index_of_uuid(*nvml, "GPU-other").has_value());
}

TEST(GpuTelemetry, FormatsCudaUuidsAsNvmlDoes) {
  std::array<unsigned char, 16> b{};
  for (unsigned i = 0; i < 16; ++i) b[i] = static_cast<unsigned char>(i * 17);  // 00 11 22 ... ff
  EXPECT_EQ(format_gpu_uuid(b), "GPU-00112233-4455-6677-8899-aabbccddeeff");
}

TEST(GpuTelemetry, AbsentLibraryIsReportedNotFatal) {
  const auto nvml = hw::Nvml::load("/nonexistent/libnvidia-ml.so.1");
  EXPECT_FALSE(nvml->usable());
  EXPECT_FALSE(nvml->reason().empty());
}

}  // namespace
}  // namespace plab::variability
