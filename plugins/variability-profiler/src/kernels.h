#pragma once
// CPU kernels that stress different parts of a processor, the CPU counterparts of the SC'22
// study's benchmarks: dense matrix multiply (compute-bound, like its cuBLAS SGEMM), the STREAM
// triad (memory-bandwidth-bound) and PageRank by sparse matrix-vector products on a generated
// power-law graph (irregular memory access, like its PageRank SpMV on rajat30).
//
// A kernel owns its inputs (prepared once, outside the timed region) and runs one timed unit of
// work per call. Not thread-safe: one kernel object per worker thread.

#include <cstdint>
#include <memory>
#include <string>

namespace plab::variability {

class Kernel {
 public:
  virtual ~Kernel() = default;
  /// "gemm", "triad", "pagerank".
  virtual std::string name() const = 0;
  /// Human-readable size, e.g. "n=384".
  virtual std::string describe() const = 0;
  /// One timed unit of work. Returns a checksum of the result so the work cannot be optimised
  /// away (and so tests can check the kernel computes the right thing).
  virtual double run() = 0;
};

/// C = A * B with n x n single-precision matrices (Eigen), A and B seeded uniform in [-1, 1].
std::unique_ptr<Kernel> make_gemm_kernel(int n, std::uint64_t seed);

/// a[i] = b[i] + s * c[i] over three double arrays of `mib` MiB each (McCalpin's STREAM triad).
std::unique_ptr<Kernel> make_triad_kernel(int mib);

/// `iterations` PageRank power iterations (damping 0.85) by CSR SpMV over an R-MAT graph
/// (Chakrabarti, Zhan & Faloutsos 2004; a = 0.57, b = c = 0.19) with `nodes` vertices (rounded
/// up to a power of two) and about nodes * avg_degree edges, generated from `seed`.
std::unique_ptr<Kernel> make_pagerank_kernel(int nodes, int avg_degree, int iterations, std::uint64_t seed);

}  // namespace plab::variability
