#pragma once
// Starts paretolab-cli as a child process for end-to-end tests.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace plab::test {

struct ProcResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out, err;
};

/// Runs the CLI with `args` and extra environment variables; waits for it.
ProcResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

/// Starts the CLI without waiting; stdout/stderr go to files in `dir`.
pid_t spawn_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                const std::filesystem::path& dir);
/// Waits for a spawned child; returns its exit code (128 + signal when killed).
int wait_child(pid_t pid);

/// The environment every CLI test uses: fixture plugins only, no user data folder.
std::map<std::string, std::string> test_env(const std::filesystem::path& home);

/// A fresh temporary folder, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace plab::test
