#pragma once
// CRC-32C (Castagnoli) of byte ranges: the record and metadata checksums.

#include <cstddef>
#include <cstdint>

namespace plab::kv {

/// Extends `crc` (0 to start) over n bytes; uses the SSE4.2 instruction when the CPU has it.
std::uint32_t crc32c(const void* data, std::size_t n, std::uint32_t crc = 0);

}  // namespace plab::kv
