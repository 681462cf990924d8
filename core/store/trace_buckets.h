#pragma once
// Min/max accumulation into equal-width time buckets: what Store::reduce_trace fills from whole
// chunks, sub-block summaries or raw samples, whichever the resolution allows.

#include <cstdint>
#include <vector>

#include "core/store/store.h"

namespace plab::store::trace {

/// Buckets of equal width over [t0, t1] (both ends included); a sample at t1 lands in the last.
class Buckets {
 public:
  /// Throws InputError unless buckets >= 1 and t0 <= t1 are finite.
  Buckets(double t0, double t1, int buckets);

  bool inside(double t) const { return t >= t0_ && t <= t1_; }
  /// The bucket of a time inside the window.
  int index(double t) const;

  /// One sample; ignored when outside the window.
  void add_sample(double t, double v);
  /// n samples known to lie in bucket b with the given extremes.
  void add(int b, std::int64_t n, double vmin, double vmax);
  /// n samples spanning [t_first, t_last], inside the window, with the given extremes. Adds them and
  /// returns true when they fall in one bucket or straddle two (min/max to both, count split);
  /// returns false and adds nothing when they span more buckets (the caller needs raw samples).
  bool add_span(double t_first, double t_last, std::int64_t n, double vmin, double vmax);

  ReducedTrace result() const;

 private:
  double t0_, t1_, scale_;
  int n_;
  std::vector<double> vmin_, vmax_;
  std::vector<std::int64_t> count_;
};

}  // namespace plab::store::trace
