// The CPU kernels compute what they claim.
#include "plugins/variability-profiler/src/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace plab::variability {
namespace {

TEST(Kernels, GemmMatchesANaiveProduct) {
  // Rebuild the same seeded inputs and multiply naively.
  const int n = 24;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> a(n * n), b(n * n);  // column-major, as filled by the kernel
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      a[i + j * n] = u(rng);
      b[i + j * n] = u(rng);
    }
  double sum = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) sum += static_cast<double>(a[i + k * n]) * b[k + j * n];
  auto g = make_gemm_kernel(n, 5);
  EXPECT_EQ(g->name(), "gemm");
  EXPECT_NEAR(g->run(), sum, 1e-3);
}

TEST(Kernels, TriadComputesBPlusThreeC) {
  auto t = make_triad_kernel(1);
  EXPECT_DOUBLE_EQ(t->run(), 21.0);  // three elements of 1 + 3 * 2
}

TEST(Kernels, PageRankIsAProbabilityDistribution) {
  auto p = make_pagerank_kernel(1000, 8, 20, 3);
  EXPECT_NE(p->describe().find("n=1024"), std::string::npos);  // rounded up to a power of two
  EXPECT_NEAR(p->run(), 1.0, 1e-9);
  EXPECT_NEAR(p->run(), 1.0, 1e-9);  // restarts from the uniform vector each run
}

}  // namespace
}  // namespace plab::variability
