#pragma once
// Space-filling initial designs on [0, 1]^d: Latin hypercube samples, and snapping a design onto
// a finite candidate set (discrete and ordinal knobs).

#include <Eigen/Dense>
#include <cstddef>
#include <random>
#include <vector>

namespace plab::opt {

/// n points in [0, 1]^d, one in each of n equal strata per dimension (random permutation and a
/// random position inside the stratum). Rows are points.
Eigen::MatrixXd latin_hypercube(std::size_t n, std::size_t d, std::mt19937_64& rng);

/// For each design row, the nearest (Euclidean) candidate row not already chosen or listed in
/// `taken`. Returns candidate indices, at most min(design rows, free candidates).
std::vector<std::size_t> snap_to_candidates(const Eigen::MatrixXd& design, const Eigen::MatrixXd& candidates,
                                            const std::vector<bool>& taken);

}  // namespace plab::opt
