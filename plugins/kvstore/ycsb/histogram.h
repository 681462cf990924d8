#pragma once
// Latency histogram with log-linear buckets (16 per power of two, so quantiles are within
// about 6%), cheap to record into and to merge across threads.

#include <array>
#include <bit>
#include <cstdint>

namespace plab::ycsb {

/// Counts of nanosecond latencies. Not thread-safe: one per thread, merged at the end.
class Histogram {
 public:
  static constexpr int kBuckets = 64 * 16;
  void record(std::uint64_t ns) {
    ++counts_[index(ns)];
    ++total_;
    sum_ += ns;
  }
  void merge(const Histogram& o) {
    for (int i = 0; i < kBuckets; ++i) counts_[i] += o.counts_[i];
    total_ += o.total_;
    sum_ += o.sum_;
  }
  std::uint64_t count() const { return total_; }
  double mean_ns() const { return total_ ? static_cast<double>(sum_) / static_cast<double>(total_) : 0; }
  /// The q-quantile (0 < q <= 1) in nanoseconds (bucket midpoint); 0 when empty.
  double quantile_ns(double q) const {
    if (total_ == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    std::uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return (lower(i) + lower(i + 1)) / 2.0;
    }
    return lower(kBuckets);
  }

 private:
  static int index(std::uint64_t v) {
    if (v < 16) return static_cast<int>(v);
    const int msb = 63 - std::countl_zero(v);
    return (msb - 3) * 16 + static_cast<int>((v >> (msb - 4)) & 15);
  }
  static double lower(int i) {
    if (i < 16) return i;
    const int msb = i / 16 + 3;
    return static_cast<double>((std::uint64_t(16) + static_cast<std::uint64_t>(i % 16)) << (msb - 4));
  }
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t total_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace plab::ycsb
