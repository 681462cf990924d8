#include "plugins/variability-profiler/src/nvml_telemetry.h"

#include <dlfcn.h>

#include <cstring>

#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {
namespace {

// The few NVML declarations we need (nvml.h, stable C ABI). nvmlReturn_t is an int enum with
// NVML_SUCCESS == 0; a device handle is an opaque pointer.
using nvmlReturn_t = int;
using nvmlDevice_t = struct nvmlDevice_st*;
constexpr int kClockSm = 1;         // NVML_CLOCK_SM
constexpr int kTemperatureGpu = 0;  // NVML_TEMPERATURE_GPU

}  // namespace

struct NvmlTelemetry::Api {
  nvmlReturn_t (*init)() = nullptr;
  nvmlReturn_t (*shutdown)() = nullptr;
  const char* (*error_string)(nvmlReturn_t) = nullptr;
  nvmlReturn_t (*count)(unsigned*) = nullptr;
  nvmlReturn_t (*by_index)(unsigned, nvmlDevice_t*) = nullptr;
  nvmlReturn_t (*by_pci)(const char*, nvmlDevice_t*) = nullptr;
  nvmlReturn_t (*name)(nvmlDevice_t, char*, unsigned) = nullptr;
  nvmlReturn_t (*uuid)(nvmlDevice_t, char*, unsigned) = nullptr;
  nvmlReturn_t (*clock)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*power)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*temperature)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*power_limit)(nvmlDevice_t, unsigned*) = nullptr;
};

namespace {

template <class F>
bool bind(void* lib, const char* symbol, F& fn, std::string& why) {
  fn = reinterpret_cast<F>(dlsym(lib, symbol));
  if (!fn) why = std::string("NVML symbol ") + symbol + " not found";
  return fn != nullptr;
}

}  // namespace

std::unique_ptr<NvmlTelemetry> NvmlTelemetry::open(const std::string& library, std::string& why) {
  const std::string path = library.empty() ? "libnvidia-ml.so.1" : library;
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* err = dlerror();
    why = "NVML: cannot load " + path + " (" + (err ? err : "unknown error") + "); no NVIDIA driver?";
    return nullptr;
  }
  auto api = std::make_unique<Api>();
  const bool ok = bind(lib, "nvmlInit_v2", api->init, why) && bind(lib, "nvmlShutdown", api->shutdown, why) &&
                  bind(lib, "nvmlErrorString", api->error_string, why) &&
                  bind(lib, "nvmlDeviceGetCount_v2", api->count, why) &&
                  bind(lib, "nvmlDeviceGetHandleByIndex_v2", api->by_index, why) &&
                  bind(lib, "nvmlDeviceGetHandleByPciBusId_v2", api->by_pci, why) &&
                  bind(lib, "nvmlDeviceGetName", api->name, why) &&
                  bind(lib, "nvmlDeviceGetUUID", api->uuid, why) &&
                  bind(lib, "nvmlDeviceGetClockInfo", api->clock, why) &&
                  bind(lib, "nvmlDeviceGetPowerUsage", api->power, why) &&
                  bind(lib, "nvmlDeviceGetTemperature", api->temperature, why) &&
                  bind(lib, "nvmlDeviceGetEnforcedPowerLimit", api->power_limit, why);
  if (!ok) {
    dlclose(lib);
    return nullptr;
  }
  if (const nvmlReturn_t rc = api->init(); rc != 0) {
    why = std::string("NVML: nvmlInit failed: ") + api->error_string(rc);
    dlclose(lib);
    return nullptr;
  }
  std::unique_ptr<NvmlTelemetry> t(new NvmlTelemetry());
  t->lib_ = lib;
  t->api_ = std::move(api);
  if (t->api_->count(&t->count_) != 0) t->count_ = 0;
  return t;
}

NvmlTelemetry::~NvmlTelemetry() {
  if (api_ && api_->shutdown) api_->shutdown();
  if (lib_) dlclose(lib_);
}

GpuInfo NvmlTelemetry::info(unsigned index) const {
  GpuInfo g;
  g.power_limit_w = kMissing;
  nvmlDevice_t dev = nullptr;
  if (api_->by_index(index, &dev) != 0) return g;
  char buf[256] = {};
  if (api_->name(dev, buf, sizeof buf) == 0) g.name = buf;
  std::memset(buf, 0, sizeof buf);
  if (api_->uuid(dev, buf, sizeof buf) == 0) g.uuid = buf;
  unsigned mw = 0;
  if (api_->power_limit(dev, &mw) == 0) g.power_limit_w = mw / 1000.0;
  return g;
}

GpuSample NvmlTelemetry::sample(unsigned index) const {
  GpuSample s{kMissing, kMissing, kMissing};
  nvmlDevice_t dev = nullptr;
  if (api_->by_index(index, &dev) != 0) return s;
  unsigned v = 0;
  if (api_->clock(dev, kClockSm, &v) == 0) s.sm_clock_mhz = v;
  if (api_->power(dev, &v) == 0) s.power_w = v / 1000.0;
  if (api_->temperature(dev, kTemperatureGpu, &v) == 0) s.temperature_c = v;
  return s;
}

std::optional<unsigned> NvmlTelemetry::index_of_pci_bus_id(const std::string& bus_id) const {
  nvmlDevice_t want = nullptr;
  if (api_->by_pci(bus_id.c_str(), &want) != 0) return std::nullopt;
  for (unsigned i = 0; i < count_; ++i) {
    nvmlDevice_t dev = nullptr;
    if (api_->by_index(i, &dev) == 0 && dev == want) return i;
  }
  return std::nullopt;
}

}  // namespace plab::variability
