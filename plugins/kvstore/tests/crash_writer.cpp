// The writer process of the crash test: opens (recovering) the store in argv[1], runs round
// argv[2] of the crash operation stream, checkpoints every few hundred operations and, after each
// checkpoint has returned, writes "durable <operations done>\n" to stdout. The test kills it with
// SIGKILL at a random moment. Exit 0 when the stream ends, 1 on an error (message on stderr).
#include <unistd.h>

#include <cstdio>
#include <string>

#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/tests/crash_ops.h"

namespace {

void say(const std::string& line) {
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(1, line.data() + done, line.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace plab::kv;
  if (argc != 3) {
    std::fprintf(stderr, "usage: kvstore-crash-writer DIR ROUND\n");
    return 2;
  }
  try {
    const std::uint64_t round = std::stoull(argv[2]);
    auto store = KvStore::open(test::crash_options(argv[1]));
    auto s = store->session();
    say("open\n");
    test::CrashOps ops(round);
    std::uint64_t next_checkpoint = test::CrashOps::checkpoint_gap(round, 0);
    for (std::uint64_t i = 0; i < test::kCrashMaxOps; ++i) {
      const test::CrashOp op = ops.next();
      const std::string key = test::crash_key(op.key);
      Status st = Status::Ok;
      switch (op.kind) {
        case test::CrashOpKind::Upsert:
          st = s->upsert(key, test::crash_value(op.key, round, i, nullptr, false));
          break;
        case test::CrashOpKind::Rmw:
          st = s->rmw(key, [&](const std::string* old, std::string& out) {
            out = test::crash_value(op.key, round, i, old, true);
          });
          break;
        case test::CrashOpKind::Remove:
          st = s->remove(key);
          break;
      }
      if (st != Status::Ok) {
        std::fprintf(stderr, "operation %llu on %s: %s\n", static_cast<unsigned long long>(i), key.c_str(),
                     to_string(st));
        return 1;
      }
      if (i + 1 == next_checkpoint) {
        store->checkpoint();
        say("durable " + std::to_string(i + 1) + "\n");
        next_checkpoint += test::CrashOps::checkpoint_gap(round, i + 1);
      }
    }
    store->checkpoint();
    say("durable " + std::to_string(test::kCrashMaxOps) + "\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kvstore-crash-writer: %s\n", e.what());
    return 1;
  }
}
