#include "core/store/trace_codec.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "core/util/error.h"

namespace plab::store::trace {
namespace {

void put(std::span<const double> xs, unsigned char* out) {
  if constexpr (std::endian::native == std::endian::little) {
    if (!xs.empty()) std::memcpy(out, xs.data(), xs.size() * sizeof(double));
  } else {
    for (double x : xs) {
      auto bits = std::bit_cast<std::uint64_t>(x);
      for (int b = 0; b < 8; ++b) *out++ = static_cast<unsigned char>(bits >> (8 * b));
    }
  }
}

void get(const unsigned char* in, std::size_t n, double* out) {
  if constexpr (std::endian::native == std::endian::little) {
    if (n) std::memcpy(out, in, n * sizeof(double));
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t bits = 0;
      for (int b = 0; b < 8; ++b) bits |= std::uint64_t(in[8 * i + b]) << (8 * b);
      out[i] = std::bit_cast<double>(bits);
    }
  }
}

std::size_t blocks_of(std::int64_t n) {
  return static_cast<std::size_t>((n + std::int64_t(kBlockSamples) - 1) / std::int64_t(kBlockSamples));
}

}  // namespace

void encode_samples(std::span<const double> t, std::span<const double> v, std::vector<unsigned char>& out) {
  out.resize(16 * t.size());
  put(t, out.data());
  put(v, out.data() + 8 * t.size());
}

void decode_samples(std::span<const unsigned char> blob, std::int64_t n, std::vector<double>& t,
                    std::vector<double>& v, const char* what) {
  if (n < 0 || blob.size() != 16 * static_cast<std::size_t>(n))
    throw StoreError(std::string(what) + ": damaged trace chunk: " + std::to_string(blob.size()) +
                     " bytes for " + std::to_string(n) + " samples");
  auto un = static_cast<std::size_t>(n);
  t.resize(un);
  v.resize(un);
  get(blob.data(), un, t.data());
  get(blob.data() + 8 * un, un, v.data());
}

void encode_summary(std::span<const double> t, std::span<const double> v, std::vector<unsigned char>& out) {
  const std::size_t nb = blocks_of(static_cast<std::int64_t>(t.size()));
  out.resize(nb * 32);
  double rec[4];
  for (std::size_t b = 0; b < nb; ++b) {
    const std::size_t lo = b * kBlockSamples, hi = std::min(t.size(), lo + kBlockSamples);
    auto [mn, mx] = std::minmax_element(v.begin() + lo, v.begin() + hi);
    rec[0] = t[lo];
    rec[1] = t[hi - 1];
    rec[2] = *mn;
    rec[3] = *mx;
    put(rec, out.data() + 32 * b);
  }
}

void decode_summary(std::span<const unsigned char> blob, std::int64_t n, std::vector<Block>& out,
                    const char* what) {
  const std::size_t nb = blocks_of(n);
  if (n < 0 || blob.size() != nb * 32)
    throw StoreError(std::string(what) + ": damaged trace chunk summary: " + std::to_string(blob.size()) +
                     " bytes for " + std::to_string(n) + " samples");
  out.resize(nb);
  double rec[4];
  for (std::size_t b = 0; b < nb; ++b) {
    get(blob.data() + 32 * b, 4, rec);
    const std::int64_t lo = std::int64_t(b * kBlockSamples);
    out[b] = {rec[0], rec[1], rec[2], rec[3], std::min<std::int64_t>(n - lo, kBlockSamples)};
  }
}

}  // namespace plab::store::trace
