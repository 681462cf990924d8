// Local profiling on this machine with tiny sizes: every core measured, missing sensors named.
#include "plugins/variability-profiler/src/local_profiler.h"

#include <gtest/gtest.h>

#include <set>

#include "core/util/error.h"
#include "plugins/variability-profiler/src/affinity.h"

namespace plab::variability {
namespace {

LocalOptions tiny() {
  LocalOptions o;
  o.applications = {"gemm", "triad", "pagerank"};
  o.repetitions = 2;
  o.warmup = 1;
  o.gemm_n = 32;
  o.triad_mib = 1;
  o.pagerank_nodes = 512;
  o.pagerank_iterations = 2;
  o.sample_interval_ms = 1;
  return o;
}

TEST(LocalProfiler, MeasuresEveryCoreAndEveryApplication) {
  const auto cpus = allowed_cpus();
  double last = 0;
  const LocalResult r = profile_local(
      tiny(), [&](double f, const std::string&) { last = f; }, [] { return false; });
  EXPECT_DOUBLE_EQ(last, 1.0);
  EXPECT_EQ(r.data.devices.size(), cpus.size());
  EXPECT_EQ(r.data.applications.size(), 3u);
  EXPECT_EQ(r.data.runs.size(), cpus.size() * 3 * 2);  // warm-up runs are not recorded
  std::set<std::string> ids;
  for (const auto& d : r.data.devices) ids.insert(d.id);
  for (int c : cpus) EXPECT_TRUE(ids.count("cpu" + std::to_string(c))) << c;
  for (const auto& m : r.data.runs) {
    EXPECT_GT(m.duration_s, 0.0);
    EXPECT_GE(m.repetition, 0);
    // A sensor value exists exactly when the machine has that sensor: never invented.
    EXPECT_EQ(present(m.frequency_mhz), r.cpu_frequency);
    EXPECT_EQ(present(m.temperature_c), r.cpu_temperature);
    EXPECT_EQ(present(m.power_w), r.cpu_power);
  }
  // Every sensor is either found or reported missing with a reason.
  EXPECT_EQ(r.found.size() + r.missing.size() >= 3, true);
  auto listed = [&](const char* what) {
    for (const auto& s : r.missing)
      if (s.rfind(what, 0) == 0) return true;
    return false;
  };
  EXPECT_EQ(listed("frequency"), !r.cpu_frequency);
  EXPECT_EQ(listed("temperature"), !r.cpu_temperature);
  EXPECT_EQ(listed("power"), !r.cpu_power);
  // Per-run durations are also traces.
  EXPECT_FALSE(r.samples.empty());
}

TEST(LocalProfiler, ReadsSensorsFromAFixtureTree) {
  LocalOptions o = tiny();
  o.applications = {"gemm"};
  o.cpus = {allowed_cpus().front()};
  o.sysfs_root = PLAB_VARIABILITY_FIXTURES "/sysfs";
  const LocalResult r = profile_local(o, {}, {});
  EXPECT_TRUE(r.cpu_frequency && r.cpu_temperature && r.cpu_power);
  EXPECT_TRUE(r.missing.empty());
  for (const auto& m : r.data.runs) {
    if (o.cpus[0] == 0) {
      EXPECT_DOUBLE_EQ(m.frequency_mhz, 2400.0);
    }
    EXPECT_DOUBLE_EQ(m.temperature_c, 47.0);
    EXPECT_DOUBLE_EQ(m.power_w, 0.0);  // the fixture's energy counter does not move
  }
  EXPECT_EQ(r.data.devices[0].label, "Fixture CPU @ 2.40GHz");
}

TEST(LocalProfiler, GpuPathReportsWhatIsMissingWithoutAGpu) {
  LocalOptions o = tiny();
  o.applications = {"gemm", "sgemm-gpu"};
  o.nvml_library = "/nonexistent/libnvidia-ml.so.1";
  const LocalResult r = profile_local(o, {}, {});
  if (r.gpus == 0) {
    bool gpu_line = false, nvml_line = false;
    for (const auto& s : r.missing) {
      gpu_line = gpu_line || s.find("GPU kernel") != std::string::npos;
      nvml_line = nvml_line || s.find("GPU telemetry") != std::string::npos;
    }
    EXPECT_TRUE(gpu_line);
    EXPECT_TRUE(nvml_line);
  }
  EXPECT_EQ(r.data.applications[0], "gemm");
}

TEST(LocalProfiler, RefusesBadOptionsAndHonoursCancel) {
  LocalOptions o = tiny();
  o.applications = {"hpl"};
  EXPECT_THROW(profile_local(o, {}, {}), InputError);
  o = tiny();
  o.cpus = {4095};
  EXPECT_THROW(profile_local(o, {}, {}), InputError);
  o = tiny();
  int calls = 0;
  EXPECT_THROW(profile_local(o, {}, [&] { return ++calls > 2; }), Cancelled);
}

}  // namespace
}  // namespace plab::variability
