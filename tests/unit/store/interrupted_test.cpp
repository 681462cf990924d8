// Runs whose writer died are marked interrupted when a store is opened; runs whose writer lives
// are not. Includes a real kill -9 of a writing process.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/store/process_identity.h"
#include "unit/store/store_test_util.h"

namespace plab::store {
namespace {

using testing::TempDir;

// A /proc/<pid>/stat line; the command name holds ") " to check the parser takes the last ')'.
std::string stat_line(int pid, char state, long start_time) {
  std::ostringstream s;
  s << pid << " (odd) name) " << state;
  for (int field = 4; field <= 21; ++field) s << " " << field;
  s << " " << start_time << " 23 24 25\n";
  return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

TEST(StoreInterrupted, ReadsStartTimeAndBootId) {
  TempDir dir;
  write_file(dir / "proc/sys/kernel/random/boot_id", "boot-A\n");
  write_file(dir / "proc/100/stat", stat_line(100, 'S', 5000));
  write_file(dir / "proc/200/stat", stat_line(200, 'Z', 7000));
  EXPECT_EQ(read_boot_id(dir / "proc"), "boot-A");
  EXPECT_EQ(read_start_time(dir / "proc", 100), 5000);
  EXPECT_EQ(read_start_time(dir / "proc", 200), -1);  // a zombie has exited
  EXPECT_EQ(read_start_time(dir / "proc", 300), -1);
  auto me = current_process();
  EXPECT_GT(me.pid, 0);
  EXPECT_GT(me.start_time, 0);
  EXPECT_FALSE(me.boot_id.empty());
}

TEST(StoreInterrupted, MarksRunsWhoseOwnerIsGone) {
  TempDir dir;
  const auto file = dir / "runs.sqlite";
  const auto proc = dir / "proc";
  write_file(proc / "sys/kernel/random/boot_id", "boot-A\n");
  write_file(proc / "100/stat", stat_line(100, 'S', 5000));
  write_file(proc / "200/stat", stat_line(200, 'Z', 7000));
  std::vector<std::int64_t> ids;
  {
    auto store = Store::open(file);
    for (int i = 0; i < 5; ++i) {
      auto w = store->start_run(testing::demo_run());
      w->finish(RunStatus::Completed);
      ids.push_back(w->run_id());
    }
  }
  auto own = [&](std::int64_t id, const char* boot, int pid, long start) {
    testing::raw_exec(file,
                      "UPDATE runs SET status = 'running', ended = 0, error = '', last_activity = 1234.5, "
                      "owner_boot_id = '" +
                          std::string(boot) + "', pid = " + std::to_string(pid) + ", owner_start_time = " +
                          std::to_string(start) + " WHERE id = " + std::to_string(id));
  };
  own(ids[0], "boot-B", 100, 5000);  // the machine rebooted since
  own(ids[1], "boot-A", 300, 5000);  // no such process
  own(ids[2], "boot-A", 100, 4000);  // the pid was reused by a later process
  own(ids[3], "boot-A", 100, 5000);  // alive
  own(ids[4], "boot-A", 200, 7000);  // exited, not yet reaped

  // Without a readable /proc nothing can be judged, so nothing is marked.
  auto blind = Store::open(file, {.proc_root = dir / "no-proc"});
  EXPECT_TRUE(blind->interrupted_on_open().empty());
  blind.reset();

  auto store = Store::open(file, {.proc_root = proc});
  EXPECT_EQ(store->interrupted_on_open(), (std::vector<std::int64_t>{ids[0], ids[1], ids[2], ids[4]}));
  for (auto id : {ids[0], ids[1], ids[2], ids[4]}) {
    auto r = store->run(id);
    EXPECT_EQ(r->status, RunStatus::Interrupted);
    EXPECT_DOUBLE_EQ(r->ended, 1234.5);  // the last activity
    EXPECT_NE(r->error.find("interrupted"), std::string::npos) << r->error;
  }
  EXPECT_EQ(store->run(ids[3])->status, RunStatus::Running);
  EXPECT_TRUE(Store::open(file, {.proc_root = proc})->interrupted_on_open().empty());  // marked once
}

TEST(StoreInterrupted, ALiveWriterInThisProcessIsNotMarked) {
  TempDir dir;
  auto store = Store::open(dir / "runs.sqlite");
  auto w = store->start_run(testing::demo_run());
  double t = 1, v = 2;
  w->trace("x", std::span(&t, 1), std::span(&v, 1));
  auto second = Store::open(dir / "runs.sqlite");  // e.g. the GUI opening while a CLI run writes
  EXPECT_TRUE(second->interrupted_on_open().empty());
  EXPECT_EQ(second->run(w->run_id())->status, RunStatus::Running);
  w->metric("still", 1);  // and the writer carries on
  w->finish(RunStatus::Completed);
  EXPECT_EQ(second->run(w->run_id())->status, RunStatus::Completed);
}

double signal_value(std::int64_t i) { return std::sin(0.001 * double(i)) * 100 + double(i % 7); }

// The child: writes samples and points forever, flushing and then reporting on `fd` how much is
// committed ("<run id> <samples> <points>" per line). Never returns.
[[noreturn]] void writer_child(const std::filesystem::path& file, int fd) {
  try {
    auto store = Store::open(file);
    auto w = store->start_run(testing::demo_run(), {.chunk_samples = 1000, .flush_interval_s = 0.05});
    std::vector<double> t(250), v(250);
    for (std::int64_t n = 0, points = 0;;) {
      for (int k = 0; k < 250; ++k) t[k] = double(n + k), v[k] = signal_value(n + k);
      w->trace("signal", t, v);
      w->point({{{"n", n}}, {{"energy_j", double(n)}}, true, ""});
      w->flush();
      n += 250;
      ++points;
      const std::string line =
          std::to_string(w->run_id()) + " " + std::to_string(n) + " " + std::to_string(points) + "\n";
      if (::write(fd, line.data(), line.size()) < 0) _exit(4);
    }
  } catch (...) {
  }
  _exit(3);
}

TEST(StoreInterrupted, KillNineLosesNothingReportedCommitted) {
  TempDir dir;
  const auto file = dir / "runs.sqlite";
  Store::open(file).reset();  // no connection is open across fork()
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    writer_child(file, fds[1]);
  }
  close(fds[1]);

  // Read reports until 20,000 samples are committed (with a generous deadline against a hang).
  std::int64_t run_id = 0, samples = 0, points = 0;
  std::string pending;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (samples < 20'000 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[4096];
    const ssize_t got = read(fds[0], buf, sizeof buf);
    if (got <= 0) break;  // the child died on its own
    pending.append(buf, std::size_t(got));
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      std::istringstream(pending.substr(0, nl)) >> run_id >> samples >> points;
      pending.erase(0, nl + 1);
    }
  }
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer ended by itself";
  ASSERT_GE(samples, 20'000);

  auto store = Store::open(file);
  EXPECT_EQ(store->interrupted_on_open(), std::vector<std::int64_t>{run_id});
  auto run = store->run(run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::Interrupted);
  EXPECT_GE(run->ended, run->started);
  auto trace = store->read_trace(run_id, "signal", -INFINITY, INFINITY);
  ASSERT_GE(trace.t.size(), std::size_t(samples));
  for (std::size_t i = 0; i < trace.t.size(); ++i) {
    ASSERT_EQ(trace.t[i], double(i));
    ASSERT_EQ(trace.v[i], signal_value(std::int64_t(i)));
  }
  auto pts = store->points(run_id);
  ASSERT_GE(pts.size(), std::size_t(points));
  for (std::size_t i = 0; i < pts.size(); ++i) {
    ASSERT_EQ(pts[i].seq, std::int64_t(i));
    ASSERT_EQ(pts[i].point.config.at("n").get<std::int64_t>(), std::int64_t(i) * 250);
  }
  EXPECT_EQ(store->series(run_id).at(0).count, std::int64_t(trace.t.size()));
}

}  // namespace
}  // namespace plab::store
