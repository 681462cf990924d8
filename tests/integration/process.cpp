#include "tests/integration/process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace plab::test {
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

pid_t spawn_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                const fs::path& dir) {
  const std::string out = (dir / "stdout.txt").string(), err = (dir / "stderr.txt").string();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fo, 1);
    dup2(fe, 2);
    std::vector<char*> argv;
    std::string exe = PLAB_CLI_PATH;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int wait_child(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

ProcResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  TempDir dir;
  pid_t pid = spawn_cli(args, env, dir.path());
  ProcResult r;
  r.exit_code = wait_child(pid);
  r.out = slurp(dir.path() / "stdout.txt");
  r.err = slurp(dir.path() / "stderr.txt");
  return r;
}

std::map<std::string, std::string> test_env(const fs::path& home) {
  return {{"PARETOLAB_PLUGIN_PATH", PLAB_TEST_PLUGIN_DIR}, {"HOME", home.string()},
          {"XDG_DATA_HOME", (home / "xdg").string()}};
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("plab-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace plab::test
