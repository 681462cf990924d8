#include "core/opt/gp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <stdexcept>
#include <vector>

namespace plab::opt {
namespace {

constexpr double kSqrt5 = 2.23606797749978969640;
constexpr double kLog2Pi = 1.83787706640934548356;

GpHyper from_theta(const Eigen::VectorXd& theta, Eigen::Index d) {
  GpHyper h;
  h.length_scales = theta.head(d).array().exp();
  h.signal_variance = std::exp(theta(d));
  h.noise_variance = std::exp(theta(d + 1));
  return h;
}

Eigen::VectorXd to_theta(const GpHyper& h) {
  const Eigen::Index d = h.length_scales.size();
  Eigen::VectorXd theta(d + 2);
  theta.head(d) = h.length_scales.array().log();
  theta(d) = std::log(h.signal_variance);
  theta(d + 1) = std::log(h.noise_variance);
  return theta;
}

Eigen::MatrixXd covariance(const Eigen::MatrixXd& X, const GpHyper& h) {
  const Eigen::Index n = X.rows();
  Eigen::MatrixXd K(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) {
      K(i, j) = GaussianProcess::kernel(h, X.row(i).transpose(), X.row(j).transpose());
      K(j, i) = K(i, j);
    }
  K.diagonal().array() += h.noise_variance;
  return K;
}

struct FitProblem {
  const Eigen::MatrixXd* X;
  const Eigen::VectorXd* y;
};

double nlopt_objective(const std::vector<double>& x, std::vector<double>& grad, void* data) {
  const auto* p = static_cast<const FitProblem*>(data);
  const Eigen::VectorXd theta =
      Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  Eigen::VectorXd g;
  const double lml = GaussianProcess::lml_and_gradient(*p->X, *p->y, theta, grad.empty() ? nullptr : &g);
  if (!std::isfinite(lml)) {
    if (!grad.empty()) std::fill(grad.begin(), grad.end(), 0.0);
    return 1e10;
  }
  for (std::size_t i = 0; i < grad.size(); ++i) grad[i] = -g(static_cast<Eigen::Index>(i));
  return -lml;
}

}  // namespace

double GaussianProcess::kernel(const GpHyper& h, const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const double r = ((a - b).array() / h.length_scales.array()).matrix().norm();
  const double s = kSqrt5 * r;
  return h.signal_variance * (1.0 + s + s * s / 3.0) * std::exp(-s);
}

double GaussianProcess::lml_and_gradient(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                         const Eigen::VectorXd& theta, Eigen::VectorXd* grad) {
  const Eigen::Index n = X.rows(), d = X.cols();
  const GpHyper h = from_theta(theta, d);
  const Eigen::MatrixXd K = covariance(X, h);
  Eigen::LLT<Eigen::MatrixXd> llt(K);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const Eigen::VectorXd alpha = llt.solve(y);
  const Eigen::MatrixXd L = llt.matrixL();
  const double lml =
      -0.5 * y.dot(alpha) - L.diagonal().array().log().sum() - 0.5 * static_cast<double>(n) * kLog2Pi;
  if (grad) {
    const Eigen::MatrixXd W = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
    grad->setZero(d + 2);
    // W and K are symmetric: each pair i > j counts twice, the diagonal once.
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j <= i; ++j) {
        const double w = (i == j ? 0.5 : 1.0) * W(i, j);
        const Eigen::ArrayXd diff = (X.row(i) - X.row(j)).transpose().array() / h.length_scales.array();
        const double r = std::sqrt(diff.square().sum());
        const double s = kSqrt5 * r;
        const double e = std::exp(-s);
        const double kij = h.signal_variance * (1.0 + s + s * s / 3.0) * e;
        const double common = h.signal_variance * (5.0 / 3.0) * (1.0 + s) * e;
        for (Eigen::Index k = 0; k < d; ++k) (*grad)(k) += w * common * diff(k) * diff(k);
        (*grad)(d) += w * kij;
      }
    (*grad)(d + 1) = 0.5 * h.noise_variance * W.trace();
  }
  return lml;
}

void GaussianProcess::condition(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GpHyper& hyper) {
  if (X.rows() == 0 || X.rows() != y.size() || hyper.length_scales.size() != X.cols())
    throw std::invalid_argument("GaussianProcess: X, y and the length scales do not agree in size");
  hyper_ = hyper;
  X_ = X;
  Eigen::VectorXd ys = y;
  y_mean_ = 0;
  y_scale_ = 1;
  if (normalize_) {
    y_mean_ = y.mean();
    const double var =
        y.size() > 1 ? (y.array() - y_mean_).square().sum() / static_cast<double>(y.size()) : 0.0;
    y_scale_ = var > 1e-24 ? std::sqrt(var) : 1.0;
    ys = (y.array() - y_mean_) / y_scale_;
  }
  llt_.compute(covariance(X, hyper));
  if (llt_.info() != Eigen::Success)
    throw std::invalid_argument("GaussianProcess: the covariance matrix is not positive definite");
  alpha_ = llt_.solve(ys);
  lml_ = lml_and_gradient(X, ys, to_theta(hyper), nullptr);
}

void GaussianProcess::fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, std::mt19937_64& rng,
                          const GpFitOptions& o) {
  const Eigen::Index d = X.cols();
  if (X.rows() == 0 || X.rows() != y.size()) throw std::invalid_argument("GaussianProcess::fit: bad sizes");
  Eigen::VectorXd ys = y;
  if (normalize_) {
    const double m = y.mean();
    const double var = y.size() > 1 ? (y.array() - m).square().sum() / static_cast<double>(y.size()) : 0.0;
    ys = (y.array() - m) / (var > 1e-24 ? std::sqrt(var) : 1.0);
  }
  std::vector<double> lo(d + 2), hi(d + 2);
  for (Eigen::Index k = 0; k < d; ++k) {
    lo[k] = std::log(o.min_length);
    hi[k] = std::log(o.max_length);
  }
  lo[d] = std::log(o.min_signal);
  hi[d] = std::log(o.max_signal);
  lo[d + 1] = std::log(o.min_noise);
  hi[d + 1] = std::log(o.max_noise);

  std::vector<std::vector<double>> starts;
  GpHyper start = hyper_;
  if (start.length_scales.size() != d) {
    start.length_scales = Eigen::VectorXd::Constant(d, 0.3);
    start.signal_variance = 1.0;
    start.noise_variance = 1e-2;
  }
  Eigen::VectorXd t0 = to_theta(start);
  for (Eigen::Index k = 0; k < t0.size(); ++k) t0(k) = std::clamp(t0(k), lo[k], hi[k]);
  starts.emplace_back(t0.data(), t0.data() + t0.size());
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int r = 0; r < o.restarts; ++r) {
    std::vector<double> s(d + 2);
    for (Eigen::Index k = 0; k < d + 2; ++k) s[k] = lo[k] + (hi[k] - lo[k]) * u(rng);
    starts.push_back(std::move(s));
  }

  FitProblem problem{&X, &ys};
  double best = std::numeric_limits<double>::infinity();
  std::vector<double> best_x = starts.front();
  for (auto& x : starts) {
    nlopt::opt solver(nlopt::LD_LBFGS, static_cast<unsigned>(d + 2));
    solver.set_lower_bounds(lo);
    solver.set_upper_bounds(hi);
    solver.set_min_objective(nlopt_objective, &problem);
    solver.set_maxeval(o.max_evaluations);
    solver.set_ftol_rel(1e-7);
    double f = std::numeric_limits<double>::infinity();
    try {
      solver.optimize(x, f);
    } catch (const std::exception&) {
      // Round-off or a failed line search: keep the point reached so far.
      std::vector<double> g;
      f = nlopt_objective(x, g, &problem);
    }
    if (f < best) {
      best = f;
      best_x = x;
    }
  }
  const Eigen::VectorXd theta = Eigen::Map<const Eigen::VectorXd>(best_x.data(), d + 2);
  condition(X, y, from_theta(theta, d));
}

GpPrediction GaussianProcess::predict(const Eigen::VectorXd& x) const {
  const Eigen::Index n = X_.rows();
  Eigen::VectorXd ks(n);
  for (Eigen::Index i = 0; i < n; ++i) ks(i) = kernel(hyper_, X_.row(i).transpose(), x);
  GpPrediction p;
  p.mean = y_mean_ + y_scale_ * ks.dot(alpha_);
  const Eigen::VectorXd v = llt_.matrixL().solve(ks);
  p.variance = std::max(0.0, hyper_.signal_variance - v.squaredNorm()) * y_scale_ * y_scale_;
  return p;
}

}  // namespace plab::opt
