#pragma once
// Helpers shared by the hw tests: fixture paths and a temporary folder removed at scope exit.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace plab::hw::test {

inline std::filesystem::path fixtures() { return std::filesystem::path(PLAB_TEST_FIXTURES); }
inline std::filesystem::path sysfs_case(const std::string& name) { return fixtures() / "sysfs" / name; }
inline std::filesystem::path device_fixture(const std::string& rel) { return fixtures() / "devices" / rel; }

/// A fresh folder under the system temp folder, deleted with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("plab-hw-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to `rel` (creating folders), replacing what was there.
  void write(const std::string& rel, const std::string& text) const {
    const auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::trunc) << text;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace plab::hw::test
