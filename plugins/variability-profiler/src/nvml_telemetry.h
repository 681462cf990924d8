#pragma once
// NVIDIA GPU telemetry through NVML, loaded at run time with dlopen (libnvidia-ml.so.1 comes
// with the driver, not the toolkit): nothing links against it, and a machine without a driver
// simply reports the GPU sensors as missing.
//
// TODO(hw): core/hw is getting a shared NVML loader (branch `hw`); once merged this class should
// become a thin adapter over it.
//
// Thread-safety: NVML itself is thread-safe; this object is immutable after open().

#include <memory>
#include <optional>
#include <string>

namespace plab::variability {

/// Identity of one GPU as NVML reports it.
struct GpuInfo {
  std::string name;          // "NVIDIA H100 80GB HBM3"
  std::string uuid;          // "GPU-1b2c..."
  double power_limit_w = 0;  // enforced limit; NaN when not reported
};

/// One reading. Fields NVML would not give are NaN (kMissing).
struct GpuSample {
  double sm_clock_mhz;
  double power_w;
  double temperature_c;
};

class NvmlTelemetry {
 public:
  /// Loads `library` ("" = libnvidia-ml.so.1) and initialises NVML. Returns nullptr and sets
  /// `why` when the library, a symbol or nvmlInit fails.
  static std::unique_ptr<NvmlTelemetry> open(const std::string& library, std::string& why);
  ~NvmlTelemetry();
  NvmlTelemetry(const NvmlTelemetry&) = delete;
  NvmlTelemetry& operator=(const NvmlTelemetry&) = delete;

  unsigned count() const { return count_; }
  GpuInfo info(unsigned index) const;
  GpuSample sample(unsigned index) const;
  /// NVML index of the GPU at PCI bus id "0000:3b:00.0" (as CUDA reports it), if any.
  std::optional<unsigned> index_of_pci_bus_id(const std::string& bus_id) const;

 private:
  struct Api;
  NvmlTelemetry() = default;
  void* lib_ = nullptr;
  std::unique_ptr<Api> api_;
  unsigned count_ = 0;
};

}  // namespace plab::variability
