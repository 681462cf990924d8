#pragma once
// YCSB's key choosers, re-implemented: Zipfian (Gray et al., "Quickly generating billion-record
// synthetic databases", as YCSB's ZipfianGenerator), scrambled Zipfian (hashes the Zipfian rank
// so that popular keys spread over the key space), skewed-latest and uniform.

#include <cstdint>
#include <random>

namespace plab::ycsb {

/// YCSB's 64-bit FNV-1a over the eight bytes of `v` (non-negative result).
std::uint64_t fnv_hash64(std::uint64_t v);

/// Zipfian ranks in [0, items): rank 0 is the most popular. The item count may grow (used by
/// the latest distribution); zeta is extended incrementally.
class Zipfian {
 public:
  Zipfian(std::uint64_t items, double theta = 0.99);
  /// Uses a precomputed zeta(items) (YCSB does this for its scrambled generator).
  Zipfian(std::uint64_t items, double theta, double zetan);
  std::uint64_t next(std::mt19937_64& rng);
  std::uint64_t next(std::mt19937_64& rng, std::uint64_t items);
  static double zeta(std::uint64_t from, std::uint64_t to, double theta, double initial);

 private:
  void set_items(std::uint64_t items);
  std::uint64_t items_;
  double theta_, zeta2_, alpha_, zetan_, eta_;
};

/// Which keys requests pick.
enum class Distribution { Zipfian, Uniform, Latest };

/// Chooses record numbers in [0, count) for one thread.
class KeyChooser {
 public:
  KeyChooser(Distribution d, std::uint64_t record_count, double theta);
  /// `inserted`: records inserted so far (for Latest, the newest is inserted - 1).
  std::uint64_t next(std::mt19937_64& rng, std::uint64_t inserted);

 private:
  Distribution dist_;
  std::uint64_t count_;
  Zipfian zipf_;
};

}  // namespace plab::ycsb
