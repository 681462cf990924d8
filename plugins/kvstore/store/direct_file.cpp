#include "plugins/kvstore/store/direct_file.h"

#include <fcntl.h>
#include <linux/aio_abi.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "plugins/kvstore/store/status.h"

namespace plab::kv {

AlignedBuffer make_aligned(std::size_t size, std::size_t align) {
  std::size_t rounded = (size + align - 1) / align * align;
  if (rounded == 0) rounded = align;
  void* p = std::aligned_alloc(align, rounded);
  if (!p) throw std::bad_alloc();
  std::memset(p, 0, rounded);
  return AlignedBuffer(static_cast<char*>(p));
}

DirectFile::DirectFile(const std::filesystem::path& path, bool create, IoStats& stats)
    : path_(path), stats_(stats) {
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
  fd_ = ::open(path.c_str(), flags | O_DIRECT, 0644);
  if (fd_ < 0 && errno == EINVAL) {
    direct_ = false;
    fd_ = ::open(path.c_str(), flags, 0644);
    warning_ = "kvstore: the filesystem of " + path.string() +
               " refuses O_DIRECT; using buffered I/O (the OS page cache is not bounded by the budget)";
  }
  if (fd_ < 0) throw KvError("kvstore: cannot open " + path.string() + ": " + std::strerror(errno));
  if (direct_) {
    // Probe the smallest alignment the device accepts: 512-byte sectors read less per record.
    // Offset 0 holds no data (log addresses start at the first page), so a 512-byte probe write
    // there is harmless.
    auto buf = make_aligned(4096);
    align_ = 4096;
    if (::pwrite(fd_, buf.get(), 512, 0) == 512) align_ = 512;
  } else {
    align_ = 512;
  }
}

DirectFile::~DirectFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool DirectFile::write(const void* buf, std::size_t len, std::uint64_t offset) {
  const char* p = static_cast<const char*>(buf);
  std::size_t done = 0;
  while (done < len) {
    ssize_t n = ::pwrite(fd_, p + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  stats_.bytes_written.fetch_add(len, std::memory_order_relaxed);
  stats_.writes.fetch_add(1, std::memory_order_relaxed);
  writes_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

long DirectFile::read(void* buf, std::size_t len, std::uint64_t offset) {
  char* p = static_cast<char*>(buf);
  std::size_t done = 0;
  while (done < len) {
    ssize_t n = ::pread(fd_, p + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  stats_.bytes_read.fetch_add(len, std::memory_order_relaxed);
  stats_.reads.fetch_add(1, std::memory_order_relaxed);
  reads_.fetch_add(1, std::memory_order_relaxed);
  return static_cast<long>(done);
}

bool DirectFile::read_span(std::uint64_t offset, std::size_t len, std::string& out) {
  const std::uint64_t start = offset / align_ * align_;
  const std::uint64_t end = (offset + len + align_ - 1) / align_ * align_;
  const std::size_t n = end - start;
  thread_local AlignedBuffer buf;
  thread_local std::size_t cap = 0;
  if (cap < n) {
    cap = std::max<std::size_t>(n, 64 * 1024);
    buf = make_aligned(cap, 4096);
  }
  long got = read(buf.get(), n, start);
  if (got < 0 || static_cast<std::uint64_t>(got) < offset - start + len) return false;
  out.assign(buf.get() + (offset - start), len);
  return true;
}

bool DirectFile::sync() { return ::fdatasync(fd_) == 0; }

void DirectFile::punch_hole(std::uint64_t offset, std::uint64_t len) {
  if (len == 0) return;
  ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
              static_cast<off_t>(len));
}

std::uint64_t DirectFile::size() const {
  struct stat st{};
  if (::fstat(fd_, &st) != 0) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

std::uint64_t DirectFile::allocated_bytes() const {
  struct stat st{};
  if (::fstat(fd_, &st) != 0) return 0;
  return static_cast<std::uint64_t>(st.st_blocks) * 512;
}

namespace {

constexpr unsigned kAioDepth = 256;

/// A thread's Linux AIO context (created on first use, destroyed with the thread).
struct AioContext {
  aio_context_t ctx = 0;
  bool ok = false;
  AioContext() { ok = ::syscall(SYS_io_setup, kAioDepth, &ctx) == 0; }
  ~AioContext() {
    if (ok) ::syscall(SYS_io_destroy, ctx);
  }
};

}  // namespace

void read_parallel(ReadRequest* reqs, std::size_t n) {
  thread_local AioContext aio;
  std::size_t done = 0;
  while (aio.ok && done < n) {
    const std::size_t m = std::min<std::size_t>(n - done, kAioDepth);
    std::vector<iocb> cbs(m);
    std::vector<iocb*> ptrs(m);
    for (std::size_t i = 0; i < m; ++i) {
      ReadRequest& r = reqs[done + i];
      std::memset(&cbs[i], 0, sizeof(iocb));
      cbs[i].aio_fildes = static_cast<std::uint32_t>(r.file->fd_);
      cbs[i].aio_lio_opcode = IOCB_CMD_PREAD;
      cbs[i].aio_buf = reinterpret_cast<std::uint64_t>(r.buf);
      cbs[i].aio_nbytes = r.len;
      cbs[i].aio_offset = static_cast<std::int64_t>(r.offset);
      cbs[i].aio_data = done + i;
      ptrs[i] = &cbs[i];
      r.result = -1;
    }
    long submitted = ::syscall(SYS_io_submit, aio.ctx, static_cast<long>(m), ptrs.data());
    if (submitted <= 0) break;  // not supported here: read the rest one by one
    std::vector<io_event> events(static_cast<std::size_t>(submitted));
    long got = 0;
    while (got < submitted) {
      long e = ::syscall(SYS_io_getevents, aio.ctx, submitted - got, submitted - got, events.data() + got, nullptr);
      if (e < 0) {
        if (errno == EINTR) continue;
        std::abort();  // submitted reads into caller buffers cannot be abandoned
      }
      got += e;
    }
    for (long i = 0; i < submitted; ++i) {
      ReadRequest& r = reqs[events[static_cast<std::size_t>(i)].data];
      r.result = static_cast<long>(events[static_cast<std::size_t>(i)].res);
      if (r.result < 0) r.result = -1;
      r.file->stats_.bytes_read.fetch_add(r.len, std::memory_order_relaxed);
      r.file->stats_.reads.fetch_add(1, std::memory_order_relaxed);
      r.file->reads_.fetch_add(1, std::memory_order_relaxed);
    }
    done += static_cast<std::size_t>(submitted);
  }
  for (; done < n; ++done) {
    ReadRequest& r = reqs[done];
    r.result = r.file->read(r.buf, r.len, r.offset);
  }
}

}  // namespace plab::kv
