#include "core/opt/design.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace plab::opt {

Eigen::MatrixXd latin_hypercube(std::size_t n, std::size_t d, std::mt19937_64& rng) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::size_t> perm(n);
  for (std::size_t k = 0; k < d; ++k) {
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    for (std::size_t i = 0; i < n; ++i)
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) =
          (static_cast<double>(perm[i]) + u(rng)) / static_cast<double>(n);
  }
  return out;
}

std::vector<std::size_t> snap_to_candidates(const Eigen::MatrixXd& design, const Eigen::MatrixXd& candidates,
                                            const std::vector<bool>& taken) {
  if (design.cols() != candidates.cols())
    throw std::invalid_argument("snap_to_candidates: the design has " + std::to_string(design.cols()) +
                                " dimensions, the candidates " + std::to_string(candidates.cols()));
  std::vector<bool> used = taken;
  used.resize(static_cast<std::size_t>(candidates.rows()), false);
  std::vector<std::size_t> out;
  for (Eigen::Index r = 0; r < design.rows(); ++r) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t pick = used.size();
    for (Eigen::Index c = 0; c < candidates.rows(); ++c) {
      if (used[static_cast<std::size_t>(c)]) continue;
      const double dist = (candidates.row(c) - design.row(r)).squaredNorm();
      if (dist < best) {
        best = dist;
        pick = static_cast<std::size_t>(c);
      }
    }
    if (pick == used.size()) break;
    used[pick] = true;
    out.push_back(pick);
  }
  return out;
}

}  // namespace plab::opt
