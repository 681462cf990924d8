#pragma once
// Seeded, named random streams: each part of a simulation draws from its own stream, so adding
// draws in one part never changes another's numbers.

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace plab::sim {

/// SplitMix64 step: a well-mixed 64-bit value from any 64-bit input (used for seeding).
std::uint64_t splitmix64(std::uint64_t x);
/// FNV-1a hash of a name; stable across platforms and runs (std::hash is not).
std::uint64_t stable_hash(std::string_view s);

/// A family of independent generators derived from one seed and a stream name. The same seed and
/// name give the same sequence on every platform. Not thread-safe.
class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t seed() const { return seed_; }
  /// The generator of stream `name`, created on first use.
  std::mt19937_64& stream(const std::string& name);
  /// Seed of stream `name` (for handing to code that seeds its own generator).
  std::uint64_t stream_seed(std::string_view name) const { return splitmix64(seed_ ^ stable_hash(name)); }

  /// Convenience draws on a stream (implemented without std distributions, whose output differs
  /// between standard libraries).
  double uniform(const std::string& name);                      // [0, 1)
  double exponential(const std::string& name, double mean);     // mean > 0
  std::size_t categorical(const std::string& name, const std::vector<double>& weights);

 private:
  std::uint64_t seed_;
  std::unordered_map<std::string, std::mt19937_64> streams_;
};

/// [0, 1) with 53 random bits from a 64-bit generator.
double uniform01(std::mt19937_64& g);

}  // namespace plab::sim
