// Gaussian process: posterior and log marginal likelihood against independent numpy values.
#include "core/opt/gp.h"

#include <gtest/gtest.h>

#include <random>

namespace plab::opt {
namespace {

// The reference numbers come from scripts/opt/gp_reference.py (numpy, Rasmussen & Williams 2006
// eqs. 2.25-2.26 and 2.30, explicit inverse), run once and pasted here.
struct Fixture {
  Eigen::MatrixXd X{{0.1, 0.2}, {0.4, 0.9}, {0.8, 0.3}, {0.5, 0.5}, {0.95, 0.05}};
  Eigen::VectorXd y{{1.0, -0.5, 0.3, 0.7, -1.2}};
  GpHyper h{Eigen::Vector2d(0.3, 0.6), 1.5, 0.01};
};

TEST(opt_GaussianProcess, PosteriorMatchesNumpyReference) {
  Fixture f;
  GaussianProcess gp(/*normalize=*/false);
  gp.condition(f.X, f.y, f.h);
  const GpPrediction a = gp.predict(Eigen::Vector2d(0.2, 0.4));
  const GpPrediction b = gp.predict(Eigen::Vector2d(0.7, 0.7));
  EXPECT_NEAR(a.mean, 0.735643647967736, 1e-10);
  EXPECT_NEAR(a.variance, 0.3012744203748341, 1e-10);
  EXPECT_NEAR(b.mean, 0.5123197629772321, 1e-10);
  EXPECT_NEAR(b.variance, 0.5156629879730008, 1e-10);
  EXPECT_NEAR(gp.log_marginal_likelihood(), -7.017123320562728, 1e-10);
}

TEST(opt_GaussianProcess, MarginalLikelihoodGradientMatchesNumpyDifferences) {
  Fixture f;
  Eigen::VectorXd theta(4);
  theta << std::log(0.3), std::log(0.6), std::log(1.5), std::log(0.01);
  Eigen::VectorXd g;
  const double lml = GaussianProcess::lml_and_gradient(f.X, f.y, theta, &g);
  EXPECT_NEAR(lml, -7.017123320562728, 1e-10);
  EXPECT_NEAR(g(0), -0.08048761390710979, 1e-6);
  EXPECT_NEAR(g(1), -0.9560790030782584, 1e-6);
  EXPECT_NEAR(g(2), -0.18894128128721377, 1e-6);
  EXPECT_NEAR(g(3), 0.007035737770166861, 1e-6);
}

TEST(opt_GaussianProcess, KernelIsMatern52) {
  GpHyper h{Eigen::Vector2d(1.0, 1.0), 2.0, 0.0};
  EXPECT_DOUBLE_EQ(GaussianProcess::kernel(h, Eigen::Vector2d(0, 0), Eigen::Vector2d(0, 0)), 2.0);
  // r = 1: (1 + sqrt5 + 5/3) exp(-sqrt5) = 0.5239941088318203
  EXPECT_NEAR(GaussianProcess::kernel(h, Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 0)),
              2.0 * 0.5239941088318203, 1e-12);
}

TEST(opt_GaussianProcess, FitImprovesLikelihoodAndInterpolatesSmoothFunction) {
  std::mt19937_64 rng(3);
  const int n = 25;
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd y(n);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = u(rng);
    X(i, 1) = u(rng);
    y(i) = std::sin(6 * X(i, 0)) + 0.1 * X(i, 1);  // the second input hardly matters
  }
  GaussianProcess fixed;
  fixed.condition(X, y, GpHyper{Eigen::Vector2d(0.05, 0.05), 1.0, 0.1});
  GaussianProcess gp;
  gp.fit(X, y, rng);
  EXPECT_GT(gp.log_marginal_likelihood(), fixed.log_marginal_likelihood());
  // ARD: the irrelevant dimension gets the longer length scale.
  EXPECT_GT(gp.hyper().length_scales(1), gp.hyper().length_scales(0));
  const GpPrediction p = gp.predict(Eigen::Vector2d(0.5, 0.5));
  EXPECT_NEAR(p.mean, std::sin(3.0) + 0.05, 0.05);
}

TEST(opt_GaussianProcess, RejectsMismatchedSizes) {
  GaussianProcess gp;
  EXPECT_THROW(
      gp.condition(Eigen::MatrixXd(2, 2), Eigen::VectorXd(3), GpHyper{Eigen::Vector2d(1, 1), 1, 0.1}),
      std::invalid_argument);
}

}  // namespace
}  // namespace plab::opt
