#pragma once
// Two-objective Pareto analysis of evaluated points: which points are non-dominated, their
// non-dominated-sort ranks, a top-K selection and the 2-D hypervolume (DESIGN.md "core/analysis").
// Pure functions, no state; safe from any thread.

#include <cstddef>
#include <optional>
#include <vector>

#include "core/experiment/types.h"

namespace plab::analysis {

/// One point in objective space (x, y) and whether it met its constraints.
struct ObjPoint {
  double x = 0, y = 0;
  bool feasible = true;
};

/// The direction of each of the two objectives.
struct Directions {
  Direction x = Direction::Minimize;
  Direction y = Direction::Minimize;
};

/// True when a is at least as good as b in both objectives and strictly better in one.
bool dominates(const ObjPoint& a, const ObjPoint& b, Directions d);

/// Indices of the feasible, finite points that no other feasible point dominates, sorted by x
/// ascending (ties by y ascending): the order in which the front is drawn as a line. Duplicates of a
/// non-dominated point are all kept. O(n log n).
std::vector<std::size_t> non_dominated(const std::vector<ObjPoint>& pts, Directions d);

/// Non-dominated sort rank of every point: 0 for the front, 1 for the front of the rest, ...;
/// infeasible or non-finite points get -1. O(n^2) worst case, fine for the thousands a view shows.
std::vector<int> pareto_ranks(const std::vector<ObjPoint>& pts, Directions d);

/// The K best points: ranked by Pareto rank, then within a rank by x in its preferred direction.
/// Infeasible points never enter. Returns indices in that order (fewer than k when there are fewer).
std::vector<std::size_t> top_k(const std::vector<ObjPoint>& pts, Directions d, std::size_t k);

/// The worst value of each objective over the feasible finite points (the nadir), or nullopt
/// when there is none: the default hypervolume reference.
std::optional<ObjPoint> nadir(const std::vector<ObjPoint>& pts, Directions d);

/// Area of objective space dominated by the feasible points and bounded by `ref` (a point every
/// counted point must be better than in both objectives; others contribute nothing). 0 when no
/// point counts. Exact, O(n log n).
double hypervolume(const std::vector<ObjPoint>& pts, Directions d, const ObjPoint& ref);

}  // namespace plab::analysis
