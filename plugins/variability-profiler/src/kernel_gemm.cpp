// Dense single-precision matrix multiply with Eigen: compute-bound.
#include <Eigen/Dense>
#include <random>

#include "plugins/variability-profiler/src/kernels.h"

namespace plab::variability {
namespace {

class GemmKernel final : public Kernel {
 public:
  GemmKernel(int n, std::uint64_t seed) : n_(n), a_(n, n), b_(n, n), c_(n, n) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        a_(i, j) = u(rng);
        b_(i, j) = u(rng);
      }
  }
  std::string name() const override { return "gemm"; }
  std::string describe() const override { return "sgemm n=" + std::to_string(n_); }
  double run() override {
    c_.noalias() = a_ * b_;
    return static_cast<double>(c_.sum());
  }

 private:
  int n_;
  Eigen::MatrixXf a_, b_, c_;
};

}  // namespace

std::unique_ptr<Kernel> make_gemm_kernel(int n, std::uint64_t seed) {
  return std::make_unique<GemmKernel>(n, seed);
}

}  // namespace plab::variability
