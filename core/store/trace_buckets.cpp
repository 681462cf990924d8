#include "core/store/trace_buckets.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/util/error.h"

namespace plab::store::trace {

Buckets::Buckets(double t0, double t1, int buckets) : t0_(t0), t1_(t1), n_(buckets) {
  if (buckets < 1)
    throw InputError("reduce_trace: buckets = " + std::to_string(buckets) + ": expected at least 1");
  if (!std::isfinite(t0) || !std::isfinite(t1) || t1 < t0)
    throw InputError("reduce_trace: window [" + std::to_string(t0) + ", " + std::to_string(t1) +
                     "]: expected finite times with t0 <= t1");
  scale_ = t1 > t0 ? buckets / (t1 - t0) : 0.0;
  vmin_.assign(std::size_t(n_), std::numeric_limits<double>::infinity());
  vmax_.assign(std::size_t(n_), -std::numeric_limits<double>::infinity());
  count_.assign(std::size_t(n_), 0);
}

int Buckets::index(double t) const {
  double x = (t - t0_) * scale_;
  if (!(x > 0)) return 0;
  if (x >= n_) return n_ - 1;
  return static_cast<int>(x);
}

void Buckets::add_sample(double t, double v) {
  if (inside(t)) add(index(t), 1, v, v);
}

void Buckets::add(int b, std::int64_t n, double vmin, double vmax) {
  auto i = std::size_t(b);
  vmin_[i] = std::min(vmin_[i], vmin);
  vmax_[i] = std::max(vmax_[i], vmax);
  count_[i] += n;
}

bool Buckets::add_span(double t_first, double t_last, std::int64_t n, double vmin, double vmax) {
  const int b0 = index(t_first), b1 = index(t_last);
  if (b1 - b0 > 1) return false;
  if (b0 == b1) {
    add(b0, n, vmin, vmax);
  } else {
    // The first sample is in b0 and the last in b1; where the others fall is not known here.
    add(b0, (n + 1) / 2, vmin, vmax);
    add(b1, n / 2, vmin, vmax);
  }
  return true;
}

ReducedTrace Buckets::result() const {
  ReducedTrace r;
  r.t0 = t0_;
  r.t1 = t1_;
  const double width = (t1_ - t0_) / n_;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.t.resize(std::size_t(n_));
  r.vmin.resize(std::size_t(n_));
  r.vmax.resize(std::size_t(n_));
  r.count = count_;
  for (std::size_t i = 0; i < std::size_t(n_); ++i) {
    r.t[i] = t0_ + (double(i) + 0.5) * width;
    r.vmin[i] = count_[i] ? vmin_[i] : nan;
    r.vmax[i] = count_[i] ? vmax_[i] : nan;
  }
  return r;
}

}  // namespace plab::store::trace
