// Built instead of gpu_sgemm.cu when the CUDA toolkit is absent: no GPU kernel, said plainly.
#include "core/util/error.h"
#include "plugins/variability-profiler/src/gpu_kernel.h"

namespace plab::variability::gpu {

struct Sgemm::Impl {};

bool kernel_built() { return false; }

int device_count(std::string& why) {
  why = "GPU kernel: this build has no CUDA kernel (the CUDA toolkit was not found when it was built)";
  return 0;
}

std::optional<std::array<unsigned char, 16>> uuid_bytes(int) { return std::nullopt; }

Sgemm::Sgemm(int, int, unsigned long long) {
  throw RunError("GPU kernel: not built (no CUDA toolkit at build time)");
}
Sgemm::~Sgemm() = default;
double Sgemm::run(int) { return 0; }
double Sgemm::checksum() { return 0; }

}  // namespace plab::variability::gpu
