#include "plugins/variability-profiler/src/gpu_telemetry.h"

#include <cmath>

#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

GpuSample sample_gpu(const hw::Nvml& nvml, unsigned index) {
  GpuSample s{kMissing, kMissing, kMissing};
  if (const auto mhz = nvml.sm_clock_mhz(index)) s.sm_clock_mhz = *mhz;
  if (const auto w = nvml.power_w(index)) s.power_w = *w;
  if (const auto c = nvml.temperature_c(index)) s.temperature_c = *c;
  return s;
}

std::string gpu_label(const hw::Nvml& nvml, unsigned index) {
  std::string label = nvml.name(index).value_or("");
  if (const auto u = nvml.uuid(index)) label += (label.empty() ? "" : " ") + *u;
  if (const auto w = nvml.power_limit_w(index))
    label += (label.empty() ? "" : " ") + std::string("limit ") + std::to_string(std::lround(*w)) + " W";
  return label;
}

std::string format_gpu_uuid(const std::array<unsigned char, 16>& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out = "GPU-";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 0xf];
  }
  return out;
}

std::optional<unsigned> nvml_index_of_uuid(const hw::Nvml& nvml, const std::string& uuid) {
  const auto n = nvml.device_count();
  if (!n || uuid.empty()) return std::nullopt;
  for (unsigned i = 0; i < *n; ++i)
    if (nvml.uuid(i) == uuid) return i;
  return std::nullopt;
}

}  // namespace plab::variability
