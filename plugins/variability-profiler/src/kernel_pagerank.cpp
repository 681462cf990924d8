// PageRank by CSR sparse matrix-vector products over a generated R-MAT graph: irregular,
// latency-bound memory access.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "plugins/variability-profiler/src/kernels.h"

namespace plab::variability {
namespace {

class PageRankKernel final : public Kernel {
 public:
  PageRankKernel(int nodes, int avg_degree, int iterations, std::uint64_t seed) : iterations_(iterations) {
    int scale = 1;
    while ((1 << scale) < nodes) ++scale;
    n_ = 1u << scale;
    const std::size_t edges = static_cast<std::size_t>(n_) * static_cast<std::size_t>(avg_degree);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    // R-MAT: pick one quadrant per bit with probabilities a, b, c, d.
    const double a = 0.57, b = 0.19, c = 0.19;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> e;
    e.reserve(edges);
    for (std::size_t k = 0; k < edges; ++k) {
      std::uint32_t src = 0, dst = 0;
      for (int bit = 0; bit < scale; ++bit) {
        const double r = u(rng);
        std::uint32_t right = 0, down = 0;
        if (r >= a + b + c) {
          right = down = 1;
        } else if (r >= a + b) {
          down = 1;
        } else if (r >= a) {
          right = 1;
        }
        src |= down << bit;
        dst |= right << bit;
      }
      e.emplace_back(dst, src);  // row = destination: y[dst] += x[src] / outdeg[src]
    }
    std::sort(e.begin(), e.end());
    out_degree_.assign(n_, 0);
    for (auto& [dst, src] : e) ++out_degree_[src];
    row_ptr_.assign(n_ + 1, 0);
    for (auto& [dst, src] : e) ++row_ptr_[dst + 1];
    for (std::uint32_t i = 0; i < n_; ++i) row_ptr_[i + 1] += row_ptr_[i];
    col_.reserve(e.size());
    for (auto& [dst, src] : e) col_.push_back(src);
    rank_.assign(n_, 1.0 / n_);
    next_.assign(n_, 0.0);
    contrib_.assign(n_, 0.0);
  }
  std::string name() const override { return "pagerank"; }
  std::string describe() const override {
    return "pagerank n=" + std::to_string(n_) + " m=" + std::to_string(col_.size()) +
           " iters=" + std::to_string(iterations_);
  }
  double run() override {
    std::fill(rank_.begin(), rank_.end(), 1.0 / n_);
    const double d = 0.85;
    for (int it = 0; it < iterations_; ++it) {
      double dangling = 0;
      for (std::uint32_t v = 0; v < n_; ++v) {
        if (out_degree_[v] == 0) {
          dangling += rank_[v];
          contrib_[v] = 0;
        } else {
          contrib_[v] = rank_[v] / out_degree_[v];
        }
      }
      const double base = (1.0 - d) / n_ + d * dangling / n_;
      for (std::uint32_t v = 0; v < n_; ++v) {
        double s = 0;
        for (std::uint32_t k = row_ptr_[v]; k < row_ptr_[v + 1]; ++k) s += contrib_[col_[k]];
        next_[v] = base + d * s;
      }
      rank_.swap(next_);
    }
    double total = 0;
    for (double r : rank_) total += r;
    return total;  // a probability distribution: 1 up to rounding
  }

 private:
  int iterations_;
  std::uint32_t n_ = 0;
  std::vector<std::uint32_t> row_ptr_, col_, out_degree_;
  std::vector<double> rank_, next_, contrib_;
};

}  // namespace

std::unique_ptr<Kernel> make_pagerank_kernel(int nodes, int avg_degree, int iterations, std::uint64_t seed) {
  return std::make_unique<PageRankKernel>(nodes, avg_degree, iterations, seed);
}

}  // namespace plab::variability
