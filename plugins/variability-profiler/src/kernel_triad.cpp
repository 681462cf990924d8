// STREAM triad: a = b + s * c over arrays far larger than the caches; memory-bandwidth-bound.
#include <cstddef>
#include <vector>

#include "plugins/variability-profiler/src/kernels.h"

namespace plab::variability {
namespace {

class TriadKernel final : public Kernel {
 public:
  explicit TriadKernel(int mib)
      : mib_(mib),
        n_(static_cast<std::size_t>(mib) * 1024 * 1024 / sizeof(double)),
        a_(n_, 0.0),
        b_(n_, 1.0),
        c_(n_, 2.0) {}
  std::string name() const override { return "triad"; }
  std::string describe() const override { return "triad 3 x " + std::to_string(mib_) + " MiB"; }
  double run() override {
    const double s = 3.0;
    double* __restrict a = a_.data();
    const double* __restrict b = b_.data();
    const double* __restrict c = c_.data();
    for (std::size_t i = 0; i < n_; ++i) a[i] = b[i] + s * c[i];
    return a[0] + a[n_ / 2] + a[n_ - 1];  // 7.0 each with b = 1, c = 2
  }

 private:
  int mib_;
  std::size_t n_;
  std::vector<double> a_, b_, c_;
};

}  // namespace

std::unique_ptr<Kernel> make_triad_kernel(int mib) { return std::make_unique<TriadKernel>(mib); }

}  // namespace plab::variability
