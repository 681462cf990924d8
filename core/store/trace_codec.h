#pragma once
// The on-disk form of trace chunks. A chunk's samples blob holds n times then n values, each a
// little-endian IEEE double. Its summary blob holds, for every sub-block of kBlockSamples
// consecutive samples (the last one may be shorter), four little-endian doubles:
// t of the block's first sample, t of its last, the block's minimum and maximum value.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace plab::store::trace {

inline constexpr std::size_t kBlockSamples = 64;

/// Min/max of one sub-block; `n` is derived from its position, not stored.
struct Block {
  double t_first = 0, t_last = 0, vmin = 0, vmax = 0;
  std::int64_t n = 0;
};

/// Appends the samples blob of (t, v) to `out` (cleared first).
void encode_samples(std::span<const double> t, std::span<const double> v, std::vector<unsigned char>& out);
/// Decodes a samples blob; throws StoreError naming `what` if its size is not 16 * n bytes.
void decode_samples(std::span<const unsigned char> blob, std::int64_t n, std::vector<double>& t,
                    std::vector<double>& v, const char* what);

/// Builds the summary blob of (t, v) into `out` (cleared first).
void encode_summary(std::span<const double> t, std::span<const double> v, std::vector<unsigned char>& out);
/// Decodes a summary blob of a chunk with n samples; throws StoreError if its size does not fit.
void decode_summary(std::span<const unsigned char> blob, std::int64_t n, std::vector<Block>& out,
                    const char* what);

}  // namespace plab::store::trace
