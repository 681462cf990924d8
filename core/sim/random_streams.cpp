#include "core/sim/random_streams.h"

#include <cmath>
#include <stdexcept>

namespace plab::sim {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

double uniform01(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

std::mt19937_64& RandomStreams::stream(const std::string& name) {
  auto it = streams_.find(name);
  if (it == streams_.end()) it = streams_.emplace(name, std::mt19937_64(stream_seed(name))).first;
  return it->second;
}

double RandomStreams::uniform(const std::string& name) { return uniform01(stream(name)); }

double RandomStreams::exponential(const std::string& name, double mean) {
  if (!(mean > 0)) throw std::invalid_argument("sim: exponential mean must be > 0");
  return -mean * std::log1p(-uniform(name));
}

std::size_t RandomStreams::categorical(const std::string& name, const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) {
    if (!(w >= 0)) throw std::invalid_argument("sim: categorical weights must be >= 0");
    total += w;
  }
  if (!(total > 0)) throw std::invalid_argument("sim: categorical weights sum to 0");
  double u = uniform(name) * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace plab::sim
