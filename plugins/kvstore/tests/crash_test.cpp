// Crash test: a writer process (kvstore-crash-writer) runs a deterministic stream of upserts,
// read-modify-writes and deletes with checkpoints, and is killed with SIGKILL at a random moment:
// while recovering, between checkpoints, inside one, during migrations and compactions. After each
// kill the store is reopened and every key is checked against a replay of the stream: it must hold
// a value from its own history at least as new as its last write acknowledged durable (a checkpoint
// that had returned), never a torn or foreign value. The next round's writer continues on the
// recovered store, so recovery of recovered stores is tested too.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/tests/crash_ops.h"
#include "plugins/kvstore/tests/test_dir.h"

extern char** environ;

namespace plab::kv {
namespace {

using State = std::optional<std::string>;

/// A child process whose stdout is read line by line.
class Writer {
 public:
  Writer(const std::filesystem::path& dir, std::uint64_t round) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    const std::string exe = PLAB_KV_CRASH_WRITER, d = dir.string(), r = std::to_string(round);
    char* argv[] = {const_cast<char*>(exe.c_str()), const_cast<char*>(d.c_str()), const_cast<char*>(r.c_str()),
                    nullptr};
    const int rc = posix_spawn(&pid_, exe.c_str(), &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    fd_ = fds[0];
    if (rc != 0) throw std::runtime_error("cannot start " + exe);
  }
  ~Writer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) ::close(fd_);
  }
  /// The next line, or nullopt at end of output or after `timeout_ms`.
  std::optional<std::string> line(int timeout_ms) {
    for (;;) {
      const auto nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string l = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return l;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
      char chunk[4096];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  /// Kills the process (no-op when it already ended) and returns its wait status.
  int kill_and_wait() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buf_;
};

std::uint64_t durable_count(const std::string& line) {
  return line.rfind("durable ", 0) == 0 ? std::stoull(line.substr(8)) : 0;
}

TEST(KvCrash, SigkillAtRandomPointsKeepsEveryDurableWrite) {
  test::ScratchDir dir("crash");  // a real disk: the writer uses O_DIRECT and fsync
  std::vector<State> model(test::kCrashKeys);
  std::mt19937_64 rng(2024);
  const int rounds = 16;
  int killed_after_durable = 0;
  std::uint64_t cold_bytes = 0;
  for (int round = 1; round <= rounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::uint64_t durable = 0;
    int status = 0;
    {
      Writer w(dir.path, static_cast<std::uint64_t>(round));
      // Kill during open and recovery in some rounds, after a few checkpoints in the others.
      const bool during_open = rng() % 6 == 0;
      const int wait_checkpoints = during_open ? 0 : static_cast<int>(rng() % 5);
      auto l = during_open ? std::optional<std::string>() : w.line(60000);
      if (!during_open) {
        ASSERT_TRUE(l && *l == "open") << "the writer did not open the store";
      }
      for (int seen = 0; seen < wait_checkpoints;) {
        l = w.line(60000);
        if (!l) break;
        if (durable_count(*l)) durable = durable_count(*l), ++seen;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % (during_open ? 3000 : 30000)));
      status = w.kill_and_wait();
      while ((l = w.line(0))) durable = std::max(durable, durable_count(*l));
    }
    ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << "the writer failed (see its stderr)";
    if (WIFSIGNALED(status) && durable > 0) ++killed_after_durable;

    // Replay the stream: every state each key passes through, and where the durable prefix ends.
    const std::uint64_t limit =
        std::min(test::kCrashMaxOps, durable + test::CrashOps::checkpoint_gap(static_cast<std::uint64_t>(round), durable));
    std::vector<std::vector<State>> states(test::kCrashKeys);
    std::vector<std::size_t> first_ok(test::kCrashKeys, 0);
    for (int k = 0; k < test::kCrashKeys; ++k) states[k].push_back(model[k]);
    test::CrashOps ops(static_cast<std::uint64_t>(round));
    for (std::uint64_t i = 0; i < limit; ++i) {
      if (i == durable) {
        for (int k = 0; k < test::kCrashKeys; ++k) first_ok[k] = states[k].size() - 1;
      }
      const test::CrashOp op = ops.next();
      const State& cur = states[op.key].back();
      switch (op.kind) {
        case test::CrashOpKind::Upsert:
          states[op.key].push_back(test::crash_value(op.key, round, i, nullptr, false));
          break;
        case test::CrashOpKind::Rmw:
          states[op.key].push_back(test::crash_value(op.key, round, i, cur ? &*cur : nullptr, true));
          break;
        case test::CrashOpKind::Remove:
          states[op.key].push_back(std::nullopt);
          break;
      }
    }
    if (durable >= limit) {
      for (int k = 0; k < test::kCrashKeys; ++k) first_ok[k] = states[k].size() - 1;
    }

    // Recover and check every key, then a full scan.
    std::unique_ptr<KvStore> store;
    ASSERT_NO_THROW(store = KvStore::open(test::crash_options(dir.path)));
    auto s = store->session();
    std::string v;
    for (int k = 0; k < test::kCrashKeys; ++k) {
      const Status st = s->read(test::crash_key(k), v);
      ASSERT_TRUE(st == Status::Ok || st == Status::NotFound) << to_string(st);
      const State got = st == Status::Ok ? State(v) : std::nullopt;
      bool allowed = false;
      for (std::size_t j = first_ok[k]; j < states[k].size() && !allowed; ++j) allowed = states[k][j] == got;
      ASSERT_TRUE(allowed) << "key " << k << " after " << durable << " durable operations holds "
                           << (got ? "'" + got->substr(0, 40) + "'" : "nothing")
                           << ", not a state at or after its last durable write";
      model[k] = got;
    }
    std::size_t scanned = 0;
    ASSERT_EQ(store->scan([&](std::string_view key, std::string_view value) {
      ++scanned;
      const int k = std::stoi(std::string(key.substr(10)));
      EXPECT_TRUE(model[k] && *model[k] == value) << key;
    }), Status::Ok);
    EXPECT_EQ(scanned, static_cast<std::size_t>(std::count_if(model.begin(), model.end(), [](const State& x) { return x.has_value(); })));
    cold_bytes = std::max(cold_bytes, store->stats().cold_log_bytes);
    store->checkpoint();
  }
  // The test must have killed writers that had acknowledged durable writes, on a store that had
  // migrated records to the cold log.
  EXPECT_GE(killed_after_durable, rounds / 2);
  EXPECT_GT(cold_bytes, 0u) << "no record reached the cold log";
  EXPECT_GT(std::count_if(model.begin(), model.end(), [](const State& x) { return x.has_value(); }), 100);
}

}  // namespace
}  // namespace plab::kv
