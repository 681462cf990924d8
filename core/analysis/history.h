#pragma once
// Optimisation history: the best feasible value found so far after each evaluation, as the
// history view plots it next to every evaluation (DESIGN.md "core/analysis").

#include <cstddef>
#include <vector>

#include "core/experiment/types.h"

namespace plab::analysis {

/// One evaluation in the order it was made.
struct Evaluation {
  double value = 0;
  bool feasible = true;
};

/// best[i] = the best feasible finite value among evaluations 0..i in `direction`; NaN until the
/// first feasible one. Same length as `evals`.
std::vector<double> best_so_far(const std::vector<Evaluation>& evals, Direction direction);

/// Index of the evaluation that first reached the final best value, or evals.size() when no
/// evaluation was feasible.
std::size_t best_index(const std::vector<Evaluation>& evals, Direction direction);

}  // namespace plab::analysis
