#include "plugins/kvstore/store/meta_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "plugins/kvstore/store/crc32c.h"
#include "plugins/kvstore/store/status.h"

namespace plab::kv {
namespace {

constexpr std::uint64_t kMagic = 0x31564b4632424c50ULL;  // "PLB2FKV1"
constexpr std::size_t kSlot = 4096;

struct Disk {
  std::uint64_t magic;
  CommitRecord rec;
  std::uint32_t crc;
};

}  // namespace

bool MetaFile::load(CommitRecord& out) const {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    throw KvError("kvstore: cannot open " + path_.string() + ": " + std::strerror(errno));
  }
  char buf[2 * kSlot] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf, 0);
  ::close(fd);
  bool found = false;
  std::string why;
  for (int s = 0; s < 2; ++s) {
    if (n < static_cast<ssize_t>(s * kSlot + sizeof(Disk))) {
      why += " slot " + std::to_string(s) + ": truncated;";
      continue;
    }
    Disk d;
    std::memcpy(&d, buf + s * kSlot, sizeof d);
    if (d.magic != kMagic) {
      why += " slot " + std::to_string(s) + ": bad magic;";
      continue;
    }
    if (d.crc != crc32c(&d, offsetof(Disk, crc))) {
      why += " slot " + std::to_string(s) + ": checksum mismatch;";
      continue;
    }
    if (!found || d.rec.seq > out.seq) out = d.rec;
    found = true;
  }
  if (!found) {
    throw KvError("kvstore: " + path_.string() + " holds no valid commit record (" + std::to_string(n) +
                  " bytes;" + why + " expected a checksummed record in one of two 4096-byte slots)");
  }
  return true;
}

void MetaFile::store(const CommitRecord& rec) {
  int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw KvError("kvstore: cannot open " + path_.string() + ": " + std::strerror(errno));
  char buf[kSlot] = {};
  Disk d;
  std::memset(static_cast<void*>(&d), 0, sizeof d);
  d.magic = kMagic;
  d.rec = rec;
  d.crc = crc32c(&d, offsetof(Disk, crc));
  std::memcpy(buf, &d, sizeof d);
  const off_t off = static_cast<off_t>((rec.seq % 2) * kSlot);
  bool ok = ::pwrite(fd, buf, kSlot, off) == static_cast<ssize_t>(kSlot) && ::fdatasync(fd) == 0;
  ::close(fd);
  if (!ok) throw KvError("kvstore: cannot write " + path_.string() + ": " + std::strerror(errno));
}

}  // namespace plab::kv
