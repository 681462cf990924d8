// Shared-memory tiled SGEMM (C = A * B, n x n, row-major) timed with CUDA events.
#include <cuda_runtime.h>

#include <random>
#include <string>
#include <vector>

#include "core/util/error.h"
#include "plugins/variability-profiler/src/gpu_kernel.h"

namespace plab::variability::gpu {
namespace {

constexpr int kTile = 16;

__global__ void sgemm_tiled(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ c,
                            int n) {
  __shared__ float as[kTile][kTile];
  __shared__ float bs[kTile][kTile];
  const int row = blockIdx.y * kTile + threadIdx.y;
  const int col = blockIdx.x * kTile + threadIdx.x;
  float acc = 0.f;
  for (int t = 0; t < (n + kTile - 1) / kTile; ++t) {
    const int ac = t * kTile + threadIdx.x;
    const int br = t * kTile + threadIdx.y;
    as[threadIdx.y][threadIdx.x] = (row < n && ac < n) ? a[row * n + ac] : 0.f;
    bs[threadIdx.y][threadIdx.x] = (br < n && col < n) ? b[br * n + col] : 0.f;
    __syncthreads();
#pragma unroll
    for (int k = 0; k < kTile; ++k) acc += as[threadIdx.y][k] * bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < n && col < n) c[row * n + col] = acc;
}

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw RunError(std::string("CUDA: ") + what + ": " + cudaGetErrorString(e));
}

}  // namespace

struct Sgemm::Impl {
  int device = 0, n = 0;
  float *a = nullptr, *b = nullptr, *c = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr;
};

bool kernel_built() { return true; }

int device_count(std::string& why) {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    why = std::string("GPU kernel: no usable CUDA device (") + cudaGetErrorString(e) + ")";
    return 0;
  }
  if (n == 0) why = "GPU kernel: the CUDA runtime sees no device";
  return n;
}

std::optional<std::array<unsigned char, 16>> uuid_bytes(int device) {
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) return std::nullopt;
  std::array<unsigned char, 16> out{};
  for (int i = 0; i < 16; ++i) out[i] = static_cast<unsigned char>(prop.uuid.bytes[i]);
  return out;
}

Sgemm::Sgemm(int device, int n, unsigned long long seed) : impl_(std::make_unique<Impl>()) {
  impl_->device = device;
  impl_->n = n;
  check(cudaSetDevice(device), "cudaSetDevice");
  const size_t bytes = sizeof(float) * static_cast<size_t>(n) * static_cast<size_t>(n);
  std::vector<float> host(static_cast<size_t>(n) * static_cast<size_t>(n));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  check(cudaMalloc(&impl_->a, bytes), "cudaMalloc A");
  check(cudaMalloc(&impl_->b, bytes), "cudaMalloc B");
  check(cudaMalloc(&impl_->c, bytes), "cudaMalloc C");
  for (auto& x : host) x = u(rng);
  check(cudaMemcpy(impl_->a, host.data(), bytes, cudaMemcpyHostToDevice), "copy A");
  for (auto& x : host) x = u(rng);
  check(cudaMemcpy(impl_->b, host.data(), bytes, cudaMemcpyHostToDevice), "copy B");
  check(cudaEventCreate(&impl_->start), "cudaEventCreate");
  check(cudaEventCreate(&impl_->stop), "cudaEventCreate");
}

Sgemm::~Sgemm() {
  if (!impl_) return;
  cudaSetDevice(impl_->device);
  cudaFree(impl_->a);
  cudaFree(impl_->b);
  cudaFree(impl_->c);
  if (impl_->start) cudaEventDestroy(impl_->start);
  if (impl_->stop) cudaEventDestroy(impl_->stop);
}

double Sgemm::run(int kernels) {
  if (kernels < 1) kernels = 1;
  check(cudaSetDevice(impl_->device), "cudaSetDevice");
  const int n = impl_->n;
  const dim3 block(kTile, kTile);
  const dim3 grid((n + kTile - 1) / kTile, (n + kTile - 1) / kTile);
  check(cudaEventRecord(impl_->start), "cudaEventRecord");
  for (int k = 0; k < kernels; ++k) sgemm_tiled<<<grid, block>>>(impl_->a, impl_->b, impl_->c, n);
  check(cudaGetLastError(), "kernel launch");
  check(cudaEventRecord(impl_->stop), "cudaEventRecord");
  check(cudaEventSynchronize(impl_->stop), "cudaEventSynchronize");
  float ms = 0;
  check(cudaEventElapsedTime(&ms, impl_->start, impl_->stop), "cudaEventElapsedTime");
  return ms / 1000.0 / kernels;
}

double Sgemm::checksum() {
  check(cudaSetDevice(impl_->device), "cudaSetDevice");
  std::vector<float> host(static_cast<size_t>(impl_->n) * static_cast<size_t>(impl_->n));
  check(cudaMemcpy(host.data(), impl_->c, host.size() * sizeof(float), cudaMemcpyDeviceToHost), "copy C");
  double s = 0;
  for (float x : host) s += x;
  return s;
}

}  // namespace plab::variability::gpu
