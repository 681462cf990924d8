#pragma once
// The store's commit record: where each log begins and up to where it is durable. Two 4 KiB
// slots written alternately (each checksummed), so a torn write leaves the previous commit.

#include <cstdint>
#include <filesystem>
#include <string>

namespace plab::kv {

/// One commit point of the whole store (hot log, cold log, hash-chunk log).
struct CommitRecord {
  std::uint64_t seq = 0;
  std::uint32_t hot_page_bits = 0, cold_page_bits = 0, chunk_page_bits = 0, reserved = 0;
  std::uint64_t num_chunks = 0;
  std::uint64_t hot_begin = 0, hot_durable = 0;
  std::uint64_t cold_begin = 0, cold_durable = 0;
  std::uint64_t chunk_begin = 0, chunk_durable = 0;
};

/// The `meta` file. Not thread-safe (the store serialises commits).
class MetaFile {
 public:
  explicit MetaFile(std::filesystem::path path) : path_(std::move(path)) {}
  /// False when the file does not exist. Throws KvError when it exists but neither slot is valid.
  bool load(CommitRecord& out) const;
  /// Writes `rec` into the slot of its sequence number and syncs; throws KvError on failure.
  void store(const CommitRecord& rec);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace plab::kv
