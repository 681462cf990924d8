#pragma once
// Acquisition functions for minimisation: expected improvement, probability that a modelled
// constraint holds, and constrained expected improvement (Gardner et al., ICML 2014).

namespace plab::opt {

/// Standard normal density and distribution function.
double normal_pdf(double z);
double normal_cdf(double z);

/// E[max(best - f, 0)] for f ~ N(mean, sd^2). sd <= 0 gives max(best - mean, 0).
double expected_improvement(double mean, double sd, double best);

/// P(c <= threshold) for c ~ N(mean, sd^2). sd <= 0 gives 1 or 0.
double probability_feasible(double mean, double sd, double threshold);

}  // namespace plab::opt
