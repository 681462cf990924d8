// The concurrency check as a plain program, for the ThreadSanitizer build (kvstore-tsan-test):
// usage `kvstore-tsan-test DIR`. Exit 0 when the check passed (and TSan found no race: it exits
// non-zero itself with halt_on_error=1), 1 with the failures on stderr.
#include <cstdio>
#include <filesystem>

#include "plugins/kvstore/tests/concurrency_check.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kvstore-tsan-test DIR\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string failures;
  try {
    failures = plab::kv::test::run_concurrency_check(dir, 4, 12000);
  } catch (const std::exception& e) {
    failures = e.what();
  }
  std::filesystem::remove_all(dir);
  if (!failures.empty()) {
    std::fprintf(stderr, "kvstore concurrency check failed:\n%s", failures.c_str());
    return 1;
  }
  std::printf("kvstore concurrency check passed\n");
  return 0;
}
