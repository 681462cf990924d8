#pragma once
// Scratch folders for the kv-store tests: on the build tree's disk (O_DIRECT) or, for tests that
// only check logic and want speed, on tmpfs (/dev/shm) where the store falls back to buffered I/O.

#include <unistd.h>

#include <filesystem>
#include <string>

namespace plab::kv::test {

inline std::filesystem::path scratch(const std::string& name, bool prefer_memory = false) {
  std::filesystem::path base = PLAB_KV_TEST_TMP;
  if (prefer_memory && ::access("/dev/shm", W_OK) == 0) base = "/dev/shm/plab-kvstore-tests";
  std::filesystem::path dir = base / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Removes the folder when the test ends.
struct ScratchDir {
  explicit ScratchDir(const std::string& name, bool prefer_memory = false) : path(scratch(name, prefer_memory)) {}
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;
};

}  // namespace plab::kv::test
