#pragma once
// The 64-bit key hash shared by the hot index, the cold index and the read cache.

#include <cstdint>
#include <cstring>
#include <string_view>

namespace plab::kv {

inline std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/// A fast, well-mixed 64-bit hash of a key's bytes (word-at-a-time multiply-xor, murmur3 finish).
inline std::uint64_t hash_key(std::string_view key) {
  const auto* p = reinterpret_cast<const unsigned char*>(key.data());
  std::size_t n = key.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL);
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ mix64(w)) * 0x9FB21C651E98DF25ULL;
    h = (h << 27) | (h >> 37);
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t(p[i]) << (8 * i);
  h = (h ^ mix64(w + n)) * 0x9FB21C651E98DF25ULL;
  return mix64(h);
}

}  // namespace plab::kv
