#include "core/opt/acquisition.h"

#include <algorithm>
#include <cmath>

namespace plab::opt {

double normal_pdf(double z) { return 0.39894228040143267794 * std::exp(-0.5 * z * z); }
double normal_cdf(double z) { return 0.5 * std::erfc(-z / 1.41421356237309504880); }

double expected_improvement(double mean, double sd, double best) {
  if (!(sd > 0)) return std::max(best - mean, 0.0);
  const double z = (best - mean) / sd;
  return (best - mean) * normal_cdf(z) + sd * normal_pdf(z);
}

double probability_feasible(double mean, double sd, double threshold) {
  if (!(sd > 0)) return mean <= threshold ? 1.0 : 0.0;
  return normal_cdf((threshold - mean) / sd);
}

}  // namespace plab::opt
