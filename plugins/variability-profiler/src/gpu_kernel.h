#pragma once
// The GPU counterpart of the CPU gemm kernel: single-precision matrix multiply on an NVIDIA GPU
// with a shared-memory tiled CUDA kernel (the paper used cuBLAS SGEMM; ours needs no library).
// Compiled only when CMake finds the CUDA toolkit; otherwise gpu_kernel_stub.cpp provides the
// same functions, reporting that no kernel was built. The CUDA runtime is linked statically and
// finds the driver at run time, so a machine without a GPU loads the plugin fine.

#include <array>
#include <memory>
#include <optional>
#include <string>

namespace plab::variability::gpu {

/// True when this build contains the CUDA kernel.
bool kernel_built();

/// Number of CUDA devices usable now; 0 with `why` set when none (no kernel, no driver, ...).
int device_count(std::string& why);

/// The 16 bytes of CUDA device `device`'s UUID (cudaDeviceProp::uuid), the same UUID NVML
/// reports as "GPU-xxxxxxxx-..." (see format_gpu_uuid); nullopt on error.
std::optional<std::array<unsigned char, 16>> uuid_bytes(int device);

/// An n x n SGEMM on one GPU with inputs resident on the device.
class Sgemm {
 public:
  /// Allocates and fills the matrices (seeded). Throws RunError on any CUDA error.
  Sgemm(int device, int n, unsigned long long seed);
  ~Sgemm();
  Sgemm(const Sgemm&) = delete;
  Sgemm& operator=(const Sgemm&) = delete;
  /// Runs `kernels` multiplications back to back; returns the mean kernel time in seconds
  /// (CUDA events), as the paper's per-run "mean kernel duration".
  double run(int kernels);
  /// Sum of C (copied back), to check the result.
  double checksum();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plab::variability::gpu
