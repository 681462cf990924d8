// Acquisition functions against their closed forms and a numerical integral.
#include "core/opt/acquisition.h"

#include <gtest/gtest.h>

#include <cmath>

namespace plab::opt {
namespace {

TEST(opt_Acquisition, ExpectedImprovementClosedForm) {
  // (best - mu) Phi(z) + sd phi(z), z = (best - mu)/sd, evaluated with Python's math.erfc:
  // mu = 1, sd = 2, best = 0.5 -> 0.5726893964471604.
  EXPECT_NEAR(expected_improvement(1.0, 2.0, 0.5), 0.5726893964471604, 1e-12);
  EXPECT_NEAR(expected_improvement(0.0, 1.0, 0.0), 1.0 / std::sqrt(2 * M_PI), 1e-12);
  EXPECT_DOUBLE_EQ(expected_improvement(1.0, 0.0, 3.0), 2.0);
  EXPECT_DOUBLE_EQ(expected_improvement(3.0, 0.0, 1.0), 0.0);
}

TEST(opt_Acquisition, ExpectedImprovementEqualsIntegral) {
  const double mu = 0.3, sd = 0.7, best = 0.1;
  double integral = 0;
  const double h = 1e-4;
  for (double f = mu - 10 * sd; f < best; f += h)
    integral += (best - f) * std::exp(-0.5 * std::pow((f - mu) / sd, 2)) / (sd * std::sqrt(2 * M_PI)) * h;
  EXPECT_NEAR(expected_improvement(mu, sd, best), integral, 1e-5);
}

TEST(opt_Acquisition, ConstrainedExpectedImprovementIsEiTimesProbabilities) {
  // EI(1, 2, 0.5) * Phi((3 - 2)/0.5) * Phi((0 - (-0.3))/0.6) = 0.38698432161610524 (Python).
  const double cei = expected_improvement(1.0, 2.0, 0.5) * probability_feasible(2.0, 0.5, 3.0) *
                     probability_feasible(-0.3, 0.6, 0.0);
  EXPECT_NEAR(cei, 0.38698432161610524, 1e-12);
  EXPECT_DOUBLE_EQ(probability_feasible(1.0, 0.0, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(probability_feasible(1.5, 0.0, 1.0), 0.0);
  EXPECT_NEAR(probability_feasible(0.0, 1.0, 0.0), 0.5, 1e-15);
}

}  // namespace
}  // namespace plab::opt
