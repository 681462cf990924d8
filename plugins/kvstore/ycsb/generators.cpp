#include "plugins/kvstore/ycsb/generators.h"

#include <cmath>

namespace plab::ycsb {
namespace {
// YCSB's ScrambledZipfianGenerator draws from a fixed 10^10 items with this precomputed zeta.
constexpr std::uint64_t kScrambledItems = 10000000000ULL;
constexpr double kScrambledZetan = 26.46902820178302;
}  // namespace

std::uint64_t fnv_hash64(std::uint64_t v) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (int i = 0; i < 8; ++i) {
    h ^= v & 0xff;
    h *= 1099511628211ULL;
    v >>= 8;
  }
  const auto s = static_cast<std::int64_t>(h);
  return static_cast<std::uint64_t>(s < 0 ? -(s + 1) : s);
}

double Zipfian::zeta(std::uint64_t from, std::uint64_t to, double theta, double initial) {
  double sum = initial;
  for (std::uint64_t i = from; i < to; ++i) sum += 1.0 / std::pow(static_cast<double>(i + 1), theta);
  return sum;
}

Zipfian::Zipfian(std::uint64_t items, double theta) : Zipfian(items, theta, zeta(0, items, theta, 0.0)) {}

Zipfian::Zipfian(std::uint64_t items, double theta, double zetan)
    : items_(items), theta_(theta), zeta2_(zeta(0, 2, theta, 0.0)), alpha_(1.0 / (1.0 - theta)), zetan_(zetan) {
  eta_ = (1 - std::pow(2.0 / static_cast<double>(items_), 1 - theta_)) / (1 - zeta2_ / zetan_);
}

void Zipfian::set_items(std::uint64_t items) {
  if (items == items_) return;
  zetan_ = items > items_ ? zeta(items_, items, theta_, zetan_) : zeta(0, items, theta_, 0.0);
  items_ = items;
  eta_ = (1 - std::pow(2.0 / static_cast<double>(items_), 1 - theta_)) / (1 - zeta2_ / zetan_);
}

std::uint64_t Zipfian::next(std::mt19937_64& rng) {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  const double uz = u * zetan_;
  if (uz < 1.0) return 0;
  if (uz < 1.0 + std::pow(0.5, theta_)) return 1;
  auto r = static_cast<std::uint64_t>(static_cast<double>(items_) * std::pow(eta_ * u - eta_ + 1, alpha_));
  return r >= items_ ? items_ - 1 : r;
}

std::uint64_t Zipfian::next(std::mt19937_64& rng, std::uint64_t items) {
  set_items(items);
  return next(rng);
}

KeyChooser::KeyChooser(Distribution d, std::uint64_t record_count, double theta)
    : dist_(d),
      count_(record_count),
      zipf_(d == Distribution::Zipfian && theta == 0.99 ? Zipfian(kScrambledItems, theta, kScrambledZetan)
                                                        : Zipfian(std::max<std::uint64_t>(record_count, 2), theta)) {}

std::uint64_t KeyChooser::next(std::mt19937_64& rng, std::uint64_t inserted) {
  switch (dist_) {
    case Distribution::Uniform:
      return std::uniform_int_distribution<std::uint64_t>(0, inserted - 1)(rng);
    case Distribution::Latest: {
      const std::uint64_t back = zipf_.next(rng, std::max<std::uint64_t>(inserted, 2));
      return back >= inserted ? 0 : inserted - 1 - back;
    }
    case Distribution::Zipfian:
    default:
      // Scrambled: spread the popular ranks over the key space (YCSB's default for zipfian).
      return fnv_hash64(zipf_.next(rng)) % inserted;
  }
}

}  // namespace plab::ycsb
