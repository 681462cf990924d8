#include "core/hw/nvml.h"

#include <dlfcn.h>

namespace plab::hw {

namespace {

// The few NVML declarations used, from NVIDIA's public nvml.h: every function returns an
// nvmlReturn_t (an int enum, 0 = success); enums are passed as int; a device is an opaque pointer.
using Device = void*;
constexpr int kSuccess = 0;
constexpr int kClockSm = 1;            // NVML_CLOCK_SM
constexpr int kClockMem = 2;           // NVML_CLOCK_MEM
constexpr int kTemperatureGpu = 0;     // NVML_TEMPERATURE_GPU
constexpr unsigned kTextBuffer = 256;  // above NVML's largest name/UUID/version buffer sizes

}  // namespace

struct Nvml::Api {
  int (*init_v2)() = nullptr;
  int (*shutdown)() = nullptr;
  const char* (*error_string)(int) = nullptr;
  int (*system_get_driver_version)(char*, unsigned) = nullptr;
  int (*device_get_count_v2)(unsigned*) = nullptr;
  int (*device_get_handle_by_index_v2)(unsigned, Device*) = nullptr;
  int (*device_get_name)(Device, char*, unsigned) = nullptr;
  int (*device_get_uuid)(Device, char*, unsigned) = nullptr;
  int (*device_get_clock_info)(Device, int, unsigned*) = nullptr;
  int (*device_get_temperature)(Device, int, unsigned*) = nullptr;
  int (*device_get_power_usage)(Device, unsigned*) = nullptr;
  int (*device_get_power_management_limit)(Device, unsigned*) = nullptr;
  int (*device_get_power_management_limit_constraints)(Device, unsigned*, unsigned*) = nullptr;
  int (*device_get_total_energy_consumption)(Device, unsigned long long*) = nullptr;
};

namespace {

template <class F>
bool bind(const SymbolLookup& lookup, const char* symbol, F& slot, std::vector<std::string>& missing) {
  void* p = lookup(symbol);
  if (p == nullptr) {
    missing.emplace_back(symbol);
    return false;
  }
  slot = reinterpret_cast<F>(p);
  return true;
}

template <class T>
std::optional<T> fail(std::string* why, const std::string& text) {
  if (why != nullptr) *why = text;
  return std::nullopt;
}

}  // namespace

std::unique_ptr<Nvml> Nvml::load(const std::string& library) {
  std::unique_ptr<Nvml> n(new Nvml());
  n->library_ = library;
  dlerror();
  n->handle_ = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (n->handle_ == nullptr) {
    const char* err = dlerror();
    std::string detail = err ? err : "unknown error";
    if (detail.rfind(library + ": ", 0) == 0)
      detail.erase(0, library.size() + 2);  // dlerror repeats the name
    n->reason_ = "cannot load " + library + ": " + detail + " (no NVIDIA driver installed on this machine?)";
    return n;
  }
  void* handle = n->handle_;
  n->init([handle](const char* symbol) { return dlsym(handle, symbol); });
  return n;
}

std::unique_ptr<Nvml> Nvml::from_lookup(SymbolLookup lookup, const std::string& label) {
  std::unique_ptr<Nvml> n(new Nvml());
  n->library_ = label;
  n->init(lookup);
  return n;
}

void Nvml::init(const SymbolLookup& lookup) {
  api_ = std::make_unique<Api>();
  Api& a = *api_;
  bool required = true;
  required &= bind(lookup, "nvmlInit_v2", a.init_v2, missing_);
  required &= bind(lookup, "nvmlShutdown", a.shutdown, missing_);
  required &= bind(lookup, "nvmlDeviceGetCount_v2", a.device_get_count_v2, missing_);
  required &= bind(lookup, "nvmlDeviceGetHandleByIndex_v2", a.device_get_handle_by_index_v2, missing_);
  bind(lookup, "nvmlErrorString", a.error_string, missing_);
  bind(lookup, "nvmlSystemGetDriverVersion", a.system_get_driver_version, missing_);
  bind(lookup, "nvmlDeviceGetName", a.device_get_name, missing_);
  bind(lookup, "nvmlDeviceGetUUID", a.device_get_uuid, missing_);
  bind(lookup, "nvmlDeviceGetClockInfo", a.device_get_clock_info, missing_);
  bind(lookup, "nvmlDeviceGetTemperature", a.device_get_temperature, missing_);
  bind(lookup, "nvmlDeviceGetPowerUsage", a.device_get_power_usage, missing_);
  bind(lookup, "nvmlDeviceGetPowerManagementLimit", a.device_get_power_management_limit, missing_);
  bind(lookup, "nvmlDeviceGetPowerManagementLimitConstraints",
       a.device_get_power_management_limit_constraints, missing_);
  bind(lookup, "nvmlDeviceGetTotalEnergyConsumption", a.device_get_total_energy_consumption, missing_);
  if (!required) {
    std::string list;
    for (const auto& m : missing_) list += (list.empty() ? "" : ", ") + m;
    reason_ = library_ + " lacks required NVML functions (missing: " + list + "); is it really NVML?";
    return;
  }
  const int rc = a.init_v2();
  if (rc != kSuccess) {
    reason_ = "nvmlInit_v2 failed: " + error_text(rc);
    return;
  }
  initialised_ = true;
  usable_ = true;
}

Nvml::~Nvml() {
  if (initialised_ && api_ && api_->shutdown) api_->shutdown();
  if (handle_ != nullptr) dlclose(handle_);
}

std::string Nvml::error_text(int code) const {
  const char* text = (api_ && api_->error_string) ? api_->error_string(code) : nullptr;
  return std::string(text ? text : "NVML error") + " (code " + std::to_string(code) + ")";
}

void* Nvml::device(unsigned index, std::string* why) const {
  if (!usable_) {
    if (why) *why = reason_;
    return nullptr;
  }
  Device d = nullptr;
  const int rc = api_->device_get_handle_by_index_v2(index, &d);
  if (rc != kSuccess) {
    if (why) *why = "nvmlDeviceGetHandleByIndex_v2(" + std::to_string(index) + "): " + error_text(rc);
    return nullptr;
  }
  return d;
}

template <class F>
bool Nvml::query(bool present, const char* symbol, unsigned index, std::string* why, F call) const {
  if (!present) {
    if (why) *why = std::string("symbol ") + symbol + " not found in " + library_;
    return false;
  }
  void* d = device(index, why);
  if (d == nullptr) return false;
  const int rc = call(d);
  if (rc != kSuccess) {
    if (why) *why = std::string(symbol) + ": " + error_text(rc);
    return false;
  }
  return true;
}

std::optional<std::string> Nvml::driver_version(std::string* why) const {
  if (!usable_) return fail<std::string>(why, reason_);
  if (!api_->system_get_driver_version) {
    return fail<std::string>(why, "symbol nvmlSystemGetDriverVersion not found in " + library_);
  }
  char buf[kTextBuffer] = {};
  const int rc = api_->system_get_driver_version(buf, kTextBuffer);
  if (rc != kSuccess) return fail<std::string>(why, "nvmlSystemGetDriverVersion: " + error_text(rc));
  return std::string(buf);
}

std::optional<unsigned> Nvml::device_count(std::string* why) const {
  if (!usable_) return fail<unsigned>(why, reason_);
  unsigned count = 0;
  const int rc = api_->device_get_count_v2(&count);
  if (rc != kSuccess) return fail<unsigned>(why, "nvmlDeviceGetCount_v2: " + error_text(rc));
  return count;
}

std::optional<std::string> Nvml::name(unsigned index, std::string* why) const {
  char buf[kTextBuffer] = {};
  if (!query(api_ && api_->device_get_name, "nvmlDeviceGetName", index, why,
             [&](Device d) { return api_->device_get_name(d, buf, kTextBuffer); })) {
    return std::nullopt;
  }
  return std::string(buf);
}

std::optional<std::string> Nvml::uuid(unsigned index, std::string* why) const {
  char buf[kTextBuffer] = {};
  if (!query(api_ && api_->device_get_uuid, "nvmlDeviceGetUUID", index, why,
             [&](Device d) { return api_->device_get_uuid(d, buf, kTextBuffer); })) {
    return std::nullopt;
  }
  return std::string(buf);
}

std::optional<unsigned> Nvml::sm_clock_mhz(unsigned index, std::string* why) const {
  unsigned v = 0;
  if (!query(api_ && api_->device_get_clock_info, "nvmlDeviceGetClockInfo", index, why,
             [&](Device d) { return api_->device_get_clock_info(d, kClockSm, &v); })) {
    return std::nullopt;
  }
  return v;
}

std::optional<unsigned> Nvml::memory_clock_mhz(unsigned index, std::string* why) const {
  unsigned v = 0;
  if (!query(api_ && api_->device_get_clock_info, "nvmlDeviceGetClockInfo", index, why,
             [&](Device d) { return api_->device_get_clock_info(d, kClockMem, &v); })) {
    return std::nullopt;
  }
  return v;
}

std::optional<unsigned> Nvml::temperature_c(unsigned index, std::string* why) const {
  unsigned v = 0;
  if (!query(api_ && api_->device_get_temperature, "nvmlDeviceGetTemperature", index, why,
             [&](Device d) { return api_->device_get_temperature(d, kTemperatureGpu, &v); })) {
    return std::nullopt;
  }
  return v;
}

std::optional<double> Nvml::power_w(unsigned index, std::string* why) const {
  unsigned mw = 0;
  if (!query(api_ && api_->device_get_power_usage, "nvmlDeviceGetPowerUsage", index, why,
             [&](Device d) { return api_->device_get_power_usage(d, &mw); })) {
    return std::nullopt;
  }
  return mw / 1000.0;
}

std::optional<double> Nvml::power_limit_w(unsigned index, std::string* why) const {
  unsigned mw = 0;
  if (!query(api_ && api_->device_get_power_management_limit, "nvmlDeviceGetPowerManagementLimit", index, why,
             [&](Device d) { return api_->device_get_power_management_limit(d, &mw); })) {
    return std::nullopt;
  }
  return mw / 1000.0;
}

std::optional<std::pair<double, double>> Nvml::power_limit_range_w(unsigned index, std::string* why) const {
  unsigned lo = 0, hi = 0;
  if (!query(api_ && api_->device_get_power_management_limit_constraints,
             "nvmlDeviceGetPowerManagementLimitConstraints", index, why,
             [&](Device d) { return api_->device_get_power_management_limit_constraints(d, &lo, &hi); })) {
    return std::nullopt;
  }
  return std::make_pair(lo / 1000.0, hi / 1000.0);
}

std::optional<double> Nvml::total_energy_j(unsigned index, std::string* why) const {
  unsigned long long mj = 0;
  if (!query(api_ && api_->device_get_total_energy_consumption, "nvmlDeviceGetTotalEnergyConsumption", index,
             why, [&](Device d) { return api_->device_get_total_energy_consumption(d, &mj); })) {
    return std::nullopt;
  }
  return static_cast<double>(mj) / 1000.0;
}

}  // namespace plab::hw
