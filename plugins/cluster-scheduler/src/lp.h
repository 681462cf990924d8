#pragma once
// A small linear / mixed-integer program builder solved with COIN-OR CLP (LP) and CBC (MILP).

#include <string>
#include <utility>
#include <vector>

namespace plab::cluster {

/// A linear program in row form: columns with bounds, objective and integrality; rows with bounds;
/// SOS2 sets. Build it, then call solve_lp or solve_milp.
struct LinearProgram {
  struct Row {
    std::vector<std::pair<int, double>> coefs;
    double lb, ub;
  };
  struct Sos2 {
    std::vector<int> cols;
    std::vector<double> weights;
  };
  std::vector<double> col_lb, col_ub, obj;
  std::vector<char> integer;
  std::vector<Row> rows;
  std::vector<Sos2> sos2;
  bool maximize = false;

  int add_col(double lb, double ub, double cost, bool is_integer = false);
  void add_row(std::vector<std::pair<int, double>> coefs, double lb, double ub);
  int cols() const { return static_cast<int>(obj.size()); }
};

/// The answer of a solve.
struct LpSolution {
  bool feasible = false;  // a feasible x was found
  bool optimal = false;   // proven optimal (within the gap for MILPs)
  std::vector<double> x;
  double objective = 0;
};

inline constexpr double kInf = 1e30;

/// Solves the LP relaxation with CLP (dual simplex). Integrality and SOS sets are ignored.
LpSolution solve_lp(const LinearProgram& lp);
/// Solves the MILP with CBC within `time_limit_s` and relative `gap`; `start` (optional, size
/// cols()) is offered as an initial feasible solution; `max_nodes` > 0 also stops CBC after that many
/// branch-and-bound nodes (a limit that, unlike the time, does not depend on the machine's load).
LpSolution solve_milp(const LinearProgram& lp, double time_limit_s, double gap,
                      const std::vector<double>& start = {}, int max_nodes = 0);

}  // namespace plab::cluster
