#pragma once
// A data file opened with O_DIRECT (so the OS page cache cannot fake the memory budget), with
// aligned I/O, hole punching to give space back, and counters of the bytes really moved.

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "plugins/kvstore/store/striped_counter.h"

namespace plab::kv {

/// Bytes read from and written to disk by a store (its own I/O, counted at the system call).
/// Striped: every I/O of every thread adds to them (see StripedCounter).
struct IoStats {
  StripedCounter bytes_read;
  StripedCounter bytes_written;
  StripedCounter reads;
  StripedCounter writes;
};

struct ReadRequest;

/// Frees memory from aligned_alloc.
struct AlignedDeleter {
  void operator()(void* p) const { std::free(p); }
};
using AlignedBuffer = std::unique_ptr<char[], AlignedDeleter>;
/// Zeroed memory of `size` bytes (rounded up to `align`) aligned to `align`.
AlignedBuffer make_aligned(std::size_t size, std::size_t align = 4096);

/// One data file. Reads and writes must use offsets, lengths and buffers aligned to alignment();
/// read_span() does the alignment for callers. Thread-safe (pread/pwrite).
class DirectFile {
 public:
  /// Opens (creating when `create`) the file; when the filesystem refuses O_DIRECT (tmpfs), falls
  /// back to buffered I/O and says so in warning(). Throws KvError when it cannot be opened.
  DirectFile(const std::filesystem::path& path, bool create, IoStats& stats);
  ~DirectFile();
  DirectFile(const DirectFile&) = delete;
  DirectFile& operator=(const DirectFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::size_t alignment() const { return align_; }
  bool direct() const { return direct_; }
  const std::string& warning() const { return warning_; }

  /// Aligned write; returns false on an I/O error.
  bool write(const void* buf, std::size_t len, std::uint64_t offset);
  /// Aligned read; returns the number of bytes read (short at end of file), -1 on error.
  long read(void* buf, std::size_t len, std::uint64_t offset);
  /// Reads [offset, offset+len) into `out` (any alignment); returns false on error or short read.
  bool read_span(std::uint64_t offset, std::size_t len, std::string& out);
  bool sync();
  /// Gives the space of [offset, offset+len) back to the filesystem (both page aligned).
  void punch_hole(std::uint64_t offset, std::uint64_t len);
  std::uint64_t size() const;
  /// Bytes the filesystem has allocated for the file (holes excluded).
  std::uint64_t allocated_bytes() const;
  /// Read and write system calls on this file so far (diagnostics: I/Os per operation by kind).
  std::uint64_t read_calls() const { return reads_.load(std::memory_order_relaxed); }
  std::uint64_t write_calls() const { return writes_.load(std::memory_order_relaxed); }

 private:
  std::filesystem::path path_;
  IoStats& stats_;
  int fd_ = -1;
  bool direct_ = true;
  std::size_t align_ = 4096;
  std::string warning_;
  StripedCounter reads_, writes_;
  friend void read_parallel(ReadRequest* reqs, std::size_t n);
};

/// One aligned read of a batch (see read_parallel). `result`: bytes read, or -1 on error.
struct ReadRequest {
  DirectFile* file = nullptr;
  std::uint64_t offset = 0;
  std::size_t len = 0;
  char* buf = nullptr;
  long result = 0;
};

/// Issues every read of the batch at once and waits for all (FASTER's asynchronous I/O: the
/// device works on them in parallel). Linux AIO on O_DIRECT files, one context per thread; falls
/// back to one pread after another where AIO is unavailable. Offsets, lengths and buffers must be
/// aligned to the files' alignment().
void read_parallel(ReadRequest* reqs, std::size_t n);

}  // namespace plab::kv
