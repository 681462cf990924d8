#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "core/hw/probe_nvml.h"

namespace plab::hw {
namespace {

// A fake NVML for the paths a machine without an NVIDIA GPU cannot exercise. Signatures follow
// NVIDIA's nvml.h (return codes: 0 success, 3 NOT_SUPPORTED, 9 DRIVER_NOT_LOADED).
int g_init_result = 0;
int g_shutdowns = 0;
int fake_init() { return g_init_result; }
int fake_shutdown() {
  ++g_shutdowns;
  return 0;
}
const char* fake_error_string(int code) {
  switch (code) {
    case 3:
      return "Not Supported";
    case 9:
      return "Driver Not Loaded";
    default:
      return "Unknown Error";
  }
}
int fake_driver_version(char* buf, unsigned len) {
  std::snprintf(buf, len, "%s", "550.54.15");
  return 0;
}
int fake_count(unsigned* n) {
  *n = 2;
  return 0;
}
int fake_handle(unsigned index, void** device) {
  *device = reinterpret_cast<void*>(static_cast<std::uintptr_t>(index + 1));
  return 0;
}
unsigned idx(void* device) { return static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(device)) - 1; }
int fake_name(void* d, char* buf, unsigned len) {
  std::snprintf(buf, len, "%s", idx(d) == 0 ? "NVIDIA H100 80GB HBM3" : "NVIDIA A40");
  return 0;
}
int fake_clock(void*, int type, unsigned* mhz) {
  *mhz = type == 1 ? 1980 : 2619;  // SM, memory
  return 0;
}
int fake_temperature(void*, int, unsigned* c) {
  *c = 41;
  return 0;
}
int fake_power(void*, unsigned* mw) {
  *mw = 123456;
  return 0;
}
int fake_limit(void*, unsigned* mw) {
  *mw = 700000;
  return 0;
}
int fake_limit_range(void*, unsigned* lo, unsigned* hi) {
  *lo = 200000;
  *hi = 700000;
  return 0;
}
int fake_energy(void* d, unsigned long long* mj) {
  if (idx(d) == 1) return 3;  // the second GPU does not support the energy counter
  *mj = 987654321ULL;
  return 0;
}

template <class F>
void* sym(F* f) {
  return reinterpret_cast<void*>(f);
}

// Every symbol except nvmlDeviceGetUUID, which this "driver" lacks.
std::map<std::string, void*> fake_symbols() {
  return {{"nvmlInit_v2", sym(&fake_init)},
          {"nvmlShutdown", sym(&fake_shutdown)},
          {"nvmlErrorString", sym(&fake_error_string)},
          {"nvmlSystemGetDriverVersion", sym(&fake_driver_version)},
          {"nvmlDeviceGetCount_v2", sym(&fake_count)},
          {"nvmlDeviceGetHandleByIndex_v2", sym(&fake_handle)},
          {"nvmlDeviceGetName", sym(&fake_name)},
          {"nvmlDeviceGetClockInfo", sym(&fake_clock)},
          {"nvmlDeviceGetTemperature", sym(&fake_temperature)},
          {"nvmlDeviceGetPowerUsage", sym(&fake_power)},
          {"nvmlDeviceGetPowerManagementLimit", sym(&fake_limit)},
          {"nvmlDeviceGetPowerManagementLimitConstraints", sym(&fake_limit_range)},
          {"nvmlDeviceGetTotalEnergyConsumption", sym(&fake_energy)}};
}

SymbolLookup lookup_in(std::map<std::string, void*> table) {
  return [table = std::move(table)](const char* name) -> void* {
    const auto it = table.find(name);
    return it == table.end() ? nullptr : it->second;
  };
}

TEST(hw_Nvml, AbsentLibrarySaysSo) {
  const NvmlReport r = probe_nvml("libplab-no-such-nvml.so.1");
  EXPECT_FALSE(r.available);
  EXPECT_EQ(r.library, "libplab-no-such-nvml.so.1");
  EXPECT_NE(r.reason.find("cannot load libplab-no-such-nvml.so.1"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("no NVIDIA driver"), std::string::npos) << r.reason;
  EXPECT_TRUE(r.gpus.empty());
  const auto j = r.to_json();
  EXPECT_EQ(j["available"], false);
  EXPECT_TRUE(j["driver_version"].is_null());
}

TEST(hw_Nvml, ALibraryWithoutNvmlSymbolsIsReported) {
  // libm is on every glibc system and exports none of NVML's functions.
  const NvmlReport r = probe_nvml("libm.so.6");
  EXPECT_FALSE(r.available);
  EXPECT_NE(r.reason.find("lacks required NVML functions"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("nvmlInit_v2"), std::string::npos);
  EXPECT_EQ(r.missing_symbols.size(), 14u);  // every function ParetoLab looks up
}

TEST(hw_Nvml, ReadsEveryGpuAndNamesWhatIsMissing) {
  g_init_result = 0;
  g_shutdowns = 0;
  {
    const auto nvml = Nvml::from_lookup(lookup_in(fake_symbols()), "fake-nvml");
    ASSERT_TRUE(nvml->usable()) << nvml->reason();
    EXPECT_EQ(nvml->missing_symbols(), (std::vector<std::string>{"nvmlDeviceGetUUID"}));
    const NvmlReport r = probe_nvml(*nvml);
    EXPECT_TRUE(r.available);
    EXPECT_EQ(r.driver_version, "550.54.15");
    ASSERT_EQ(r.gpus.size(), 2u);
    const NvmlGpu& g = r.gpus[0];
    EXPECT_EQ(g.name, "NVIDIA H100 80GB HBM3");
    EXPECT_EQ(g.sm_clock_mhz, 1980u);
    EXPECT_EQ(g.memory_clock_mhz, 2619u);
    EXPECT_EQ(g.temperature_c, 41u);
    EXPECT_DOUBLE_EQ(*g.power_w, 123.456);
    EXPECT_DOUBLE_EQ(*g.power_limit_w, 700.0);
    EXPECT_DOUBLE_EQ(*g.power_limit_min_w, 200.0);
    EXPECT_DOUBLE_EQ(*g.power_limit_max_w, 700.0);
    EXPECT_DOUBLE_EQ(*g.total_energy_j, 987654.321);
    EXPECT_FALSE(g.uuid.has_value());
    EXPECT_EQ(g.unavailable.at("uuid"), "symbol nvmlDeviceGetUUID not found in fake-nvml");
    // The second GPU lacks the energy counter: no value, NVML's reason instead.
    EXPECT_FALSE(r.gpus[1].total_energy_j.has_value());
    EXPECT_EQ(r.gpus[1].unavailable.at("total_energy_j"),
              "nvmlDeviceGetTotalEnergyConsumption: Not Supported (code 3)");
    EXPECT_TRUE(r.to_json()["gpus"][1]["total_energy_j"].is_null());
  }
  EXPECT_EQ(g_shutdowns, 1);  // nvmlShutdown once the session ends
}

TEST(hw_Nvml, InitFailureIsReportedWithNvmlsReason) {
  g_init_result = 9;
  g_shutdowns = 0;
  {
    const auto nvml = Nvml::from_lookup(lookup_in(fake_symbols()), "fake-nvml");
    EXPECT_FALSE(nvml->usable());
    EXPECT_EQ(nvml->reason(), "nvmlInit_v2 failed: Driver Not Loaded (code 9)");
    std::string why;
    EXPECT_FALSE(nvml->power_w(0, &why).has_value());
    EXPECT_EQ(why, nvml->reason());
    const NvmlReport r = probe_nvml(*nvml);
    EXPECT_FALSE(r.available);
  }
  EXPECT_EQ(g_shutdowns, 0);  // never initialised, so never shut down
  g_init_result = 0;
}

}  // namespace
}  // namespace plab::hw
