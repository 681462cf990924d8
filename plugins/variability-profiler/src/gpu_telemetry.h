#pragma once
// GPU telemetry for the local profiler, read through core/hw's NVML (loaded at run time with
// dlopen; never linked): SM clock, power and temperature of one GPU, and how a CUDA device is
// matched to its NVML device (by UUID, which both report).

#include <array>
#include <optional>
#include <string>

#include "core/hw/nvml.h"

namespace plab::variability {

/// One reading. Fields NVML would not give are NaN (kMissing), never zero.
struct GpuSample {
  double sm_clock_mhz;
  double power_w;
  double temperature_c;
};

/// Reads GPU `index` now. Safe from several threads (NVML is).
GpuSample sample_gpu(const hw::Nvml& nvml, unsigned index);

/// "<name> <uuid> limit <W> W" for a device label; parts NVML does not give are left out.
std::string gpu_label(const hw::Nvml& nvml, unsigned index);

/// NVML's text form of a GPU UUID: "GPU-" and the 16 bytes as 8-4-4-4-12 lowercase hex digits.
std::string format_gpu_uuid(const std::array<unsigned char, 16>& bytes);

/// The NVML index of the GPU whose UUID is `uuid` ("GPU-1b2c..."), or nullopt.
std::optional<unsigned> nvml_index_of_uuid(const hw::Nvml& nvml, const std::string& uuid);

}  // namespace plab::variability
