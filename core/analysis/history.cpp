#include "core/analysis/history.h"

#include <cmath>

namespace plab::analysis {
namespace {
bool better(double a, double b, Direction d) { return d == Direction::Minimize ? a < b : a > b; }
}  // namespace

std::vector<double> best_so_far(const std::vector<Evaluation>& evals, Direction direction) {
  std::vector<double> out(evals.size(), NAN);
  double best = NAN;
  for (std::size_t i = 0; i < evals.size(); ++i) {
    const auto& e = evals[i];
    if (e.feasible && std::isfinite(e.value) && (std::isnan(best) || better(e.value, best, direction))) best = e.value;
    out[i] = best;
  }
  return out;
}

std::size_t best_index(const std::vector<Evaluation>& evals, Direction direction) {
  std::size_t at = evals.size();
  for (std::size_t i = 0; i < evals.size(); ++i) {
    const auto& e = evals[i];
    if (e.feasible && std::isfinite(e.value) && (at == evals.size() || better(e.value, evals[at].value, direction)))
      at = i;
  }
  return at;
}

}  // namespace plab::analysis
