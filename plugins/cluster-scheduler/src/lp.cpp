#include "plugins/cluster-scheduler/src/lp.h"

#include <coin/CbcBranchActual.hpp>
#include <coin/CbcModel.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>

namespace plab::cluster {

int LinearProgram::add_col(double lb, double ub, double cost, bool is_integer) {
  col_lb.push_back(lb);
  col_ub.push_back(ub);
  obj.push_back(cost);
  integer.push_back(is_integer ? 1 : 0);
  return static_cast<int>(obj.size()) - 1;
}

void LinearProgram::add_row(std::vector<std::pair<int, double>> coefs, double lb, double ub) {
  rows.push_back({std::move(coefs), lb, ub});
}

namespace {

// Row-ordered matrix built in one piece (appending row by row re-copies it: quadratic).
CoinPackedMatrix matrix_of(const LinearProgram& lp, std::vector<double>& rlb, std::vector<double>& rub) {
  std::vector<CoinBigIndex> start;
  std::vector<int> len, idx;
  std::vector<double> val;
  start.reserve(lp.rows.size());
  len.reserve(lp.rows.size());
  for (const auto& r : lp.rows) {
    start.push_back(static_cast<CoinBigIndex>(idx.size()));
    len.push_back(static_cast<int>(r.coefs.size()));
    for (const auto& [c, v] : r.coefs) {
      idx.push_back(c);
      val.push_back(v);
    }
    rlb.push_back(r.lb <= -kInf ? -COIN_DBL_MAX : r.lb);
    rub.push_back(r.ub >= kInf ? COIN_DBL_MAX : r.ub);
  }
  return CoinPackedMatrix(false, lp.cols(), static_cast<int>(lp.rows.size()), static_cast<CoinBigIndex>(idx.size()),
                          val.data(), idx.data(), start.data(), len.data());
}

std::vector<double> bounds(const std::vector<double>& b) {
  std::vector<double> out(b);
  for (double& v : out) {
    if (v >= kInf) v = COIN_DBL_MAX;
    if (v <= -kInf) v = -COIN_DBL_MAX;
  }
  return out;
}

}  // namespace

LpSolution solve_lp(const LinearProgram& lp) {
  std::vector<double> rlb, rub;
  const CoinPackedMatrix m = matrix_of(lp, rlb, rub);
  const auto clb = bounds(lp.col_lb), cub = bounds(lp.col_ub);
  ClpSimplex s;
  s.setLogLevel(0);
  s.loadProblem(m, clb.data(), cub.data(), lp.obj.data(), rlb.data(), rub.data());
  s.setOptimizationDirection(lp.maximize ? -1 : 1);
  s.dual();
  LpSolution out;
  out.optimal = s.isProvenOptimal();
  out.feasible = out.optimal;
  if (out.feasible) {
    out.x.assign(s.primalColumnSolution(), s.primalColumnSolution() + lp.cols());
    out.objective = s.objectiveValue();
  }
  return out;
}

LpSolution solve_milp(const LinearProgram& lp, double time_limit_s, double gap, const std::vector<double>& start,
                      int max_nodes) {
  std::vector<double> rlb, rub;
  const CoinPackedMatrix m = matrix_of(lp, rlb, rub);
  const auto clb = bounds(lp.col_lb), cub = bounds(lp.col_ub);
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(m, clb.data(), cub.data(), lp.obj.data(), rlb.data(), rub.data());
  for (int c = 0; c < lp.cols(); ++c)
    if (lp.integer[c]) solver.setInteger(c);
  solver.setObjSense(lp.maximize ? -1 : 1);
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.setMaximumSeconds(time_limit_s);
  if (max_nodes > 0) model.setMaximumNodes(max_nodes);
  model.setAllowableFractionGap(gap);
  if (!lp.sos2.empty()) {
    std::vector<CbcObject*> objs;
    int id = 0;
    for (const auto& s : lp.sos2) {
      objs.push_back(new CbcSOS(&model, static_cast<int>(s.cols.size()), s.cols.data(), s.weights.data(), id++, 2));
    }
    model.addObjects(static_cast<int>(objs.size()), objs.data());
    for (auto* o : objs) delete o;
  }
  if (static_cast<int>(start.size()) == lp.cols()) {
    double v = 0;
    for (int c = 0; c < lp.cols(); ++c) v += lp.obj[c] * start[c];
    model.setBestSolution(start.data(), lp.cols(), lp.maximize ? -v : v, true);
  }
  model.branchAndBound();
  LpSolution out;
  const double* best = model.bestSolution();
  out.feasible = best != nullptr;
  out.optimal = model.isProvenOptimal();
  if (best) {
    out.x.assign(best, best + lp.cols());
    double v = 0;
    for (int c = 0; c < lp.cols(); ++c) v += lp.obj[c] * out.x[c];
    out.objective = v;
  }
  return out;
}

}  // namespace plab::cluster
