#pragma once
// Gaussian-process regression on Eigen: Matern 5/2 kernel with one length scale per input
// dimension (ARD), a Gaussian noise term, hyper-parameters by maximising the log marginal
// likelihood (NLopt L-BFGS from several starts).

#include <Eigen/Dense>
#include <cstdint>
#include <random>

namespace plab::opt {

/// Kernel and noise hyper-parameters, in natural (not log) units.
struct GpHyper {
  Eigen::VectorXd length_scales;  // one per input dimension, > 0
  double signal_variance = 1.0;   // sigma_f^2
  double noise_variance = 1e-4;   // sigma_n^2
};

/// Options of hyper-parameter fitting. Bounds are on the standardised targets and on inputs
/// scaled to [0, 1].
struct GpFitOptions {
  int restarts = 4;           // starts besides the current hyper-parameters
  int max_evaluations = 150;  // per start
  double min_length = 0.03, max_length = 5.0;
  double min_signal = 0.05, max_signal = 20.0;
  double min_noise = 1e-6, max_noise = 0.5;
};

/// Posterior mean and variance at one input.
struct GpPrediction {
  double mean = 0;
  double variance = 0;  // of the latent function (without the noise term)
};

/// A GP over inputs in R^d. Not thread-safe; cheap to copy. When `normalize` is true the targets
/// are standardised (mean 0, variance 1) before conditioning and predictions are mapped back.
class GaussianProcess {
 public:
  explicit GaussianProcess(bool normalize = true) : normalize_(normalize) {}

  /// Matern 5/2 ARD covariance of two inputs (without the noise term).
  static double kernel(const GpHyper& h, const Eigen::VectorXd& a, const Eigen::VectorXd& b);

  /// Conditions on (X, y) with fixed hyper-parameters. X is n x d, y has n entries, n >= 1.
  /// Throws std::invalid_argument on mismatched sizes or a covariance that is not positive definite.
  void condition(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyper& hyper);

  /// Fits the hyper-parameters by maximising the log marginal likelihood (the current ones, or
  /// defaults, plus `options.restarts` random starts drawn from `rng`), then conditions on (X, y).
  void fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, std::mt19937_64& rng,
           const GpFitOptions& options = {});

  GpPrediction predict(const Eigen::VectorXd& x) const;
  /// Log marginal likelihood of the (standardised when normalize) targets under the current fit.
  double log_marginal_likelihood() const { return lml_; }
  const GpHyper& hyper() const { return hyper_; }
  bool fitted() const { return X_.rows() > 0; }

  /// Log marginal likelihood of targets y (as given, no standardisation) and its gradient with
  /// respect to theta = (log l_1..l_d, log sigma_f^2, log sigma_n^2). `grad` may be null.
  static double lml_and_gradient(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                 const Eigen::VectorXd& theta, Eigen::VectorXd* grad);

 private:
  bool normalize_;
  Eigen::MatrixXd X_;
  Eigen::VectorXd alpha_;
  Eigen::LLT<Eigen::MatrixXd> llt_;
  GpHyper hyper_;
  double y_mean_ = 0, y_scale_ = 1, lml_ = 0;
};

}  // namespace plab::opt
