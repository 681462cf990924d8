#pragma once
// Helpers shared by the hw tests: fixture paths and a temporary folder removed at scope exit.

#include <filesystem>
#include <string>

#include "tests/unit/temp_dir.h"

namespace plab::hw::test {

inline std::filesystem::path fixtures() { return std::filesystem::path(PLAB_TEST_FIXTURES); }
inline std::filesystem::path sysfs_case(const std::string& name) { return fixtures() / "sysfs" / name; }
inline std::filesystem::path device_fixture(const std::string& rel) { return fixtures() / "devices" / rel; }

using plab::test_util::TempDir;

}  // namespace plab::hw::test
