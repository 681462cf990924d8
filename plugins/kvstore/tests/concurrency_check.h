#pragma once
// The concurrency check, shared by the normal test binary and the ThreadSanitizer build
// (concurrency_main.cpp): several threads upsert, read, delete and read-modify-write at once while
// the background thread migrates and compacts under a small memory budget and another thread takes
// checkpoints and scans. Each thread owns a key range and keeps its own model of it (reads must
// match exactly); all threads increment shared counters by RMW (no increment may be lost).

#include <atomic>
#include <chrono>
#include <random>
#include <sstream>
#include <string_view>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "plugins/kvstore/store/kv_store.h"

namespace plab::kv::test {

/// Runs the check in `dir`; returns an empty string on success, else what went wrong.
inline std::string run_concurrency_check(const std::filesystem::path& dir, int threads, int ops_per_thread) {
  Options o;
  o.dir = dir;
  o.memory_budget = 1 << 20;
  o.expected_keys = 8000;
  o.expected_kv_bytes = 60;
  o.max_kv_bytes = 256;
  o.cold_log_budget = 1 << 20;
  o.compaction_check_ms = 2;
  auto store = KvStore::open(o);
  constexpr int kCounters = 8;
  constexpr int kOwnKeys = 1500;
  std::atomic<bool> stop{false};
  std::vector<std::string> errors(static_cast<std::size_t>(threads) + 1);

  auto worker = [&](int t) {
    auto s = store->session();
    std::mt19937_64 rng(static_cast<std::uint64_t>(t) + 1);
    std::unordered_map<int, std::string> model;
    std::string v;
    auto own = [t](int k) { return "t" + std::to_string(t) + "-" + std::to_string(k); };
    for (int i = 0; i < ops_per_thread && errors[t].empty(); ++i) {
      const unsigned r = rng() % 100;
      const int k = static_cast<int>(rng() % kOwnKeys);
      if (r < 10) {
        const std::string key = "counter" + std::to_string(rng() % kCounters);
        const Status st = s->rmw(key, [](const std::string* old, std::string& out) {
          out = std::to_string(old ? std::stoull(*old) + 1 : 1);
        });
        if (st != Status::Ok) errors[t] = "rmw " + key + ": " + to_string(st);
      } else if (r < 50) {
        std::string val = own(k) + "@" + std::to_string(i);
        val.resize(20 + rng() % 60, 'x');
        if (s->upsert(own(k), val) != Status::Ok) errors[t] = "upsert failed";
        model[k] = val;
      } else if (r < 55) {
        if (s->remove(own(k)) != Status::Ok) errors[t] = "remove failed";
        model.erase(k);
      } else if (r >= 95) {
        // A batch of asynchronous reads of own keys (its own generator: the replay below
        // draws only the main one).
        std::mt19937_64 brng(static_cast<std::uint64_t>(i) * 7919 + static_cast<std::uint64_t>(t));
        std::vector<std::string> names;
        std::vector<int> ks;
        for (int j = 0; j < 8; ++j) {
          ks.push_back(j == 0 ? k : static_cast<int>(brng() % kOwnKeys));
          names.push_back(own(ks.back()));
        }
        std::vector<std::string_view> batch(names.begin(), names.end());
        std::vector<std::string> values;
        std::vector<Status> status;
        s->read_batch(batch, values, status);
        for (std::size_t j = 0; j < names.size() && errors[t].empty(); ++j) {
          const auto it = model.find(ks[j]);
          const Status bs = status[j];
          if (it == model.end() ? bs != Status::NotFound : (bs != Status::Ok || values[j] != it->second)) {
            errors[t] = "batch read " + names[j] + " at op " + std::to_string(i) + ": " + to_string(bs) + " '" +
                        values[j] + "', expected " + (it == model.end() ? "not found" : "'" + it->second + "'");
          }
        }
      } else {
        const Status st = s->read(own(k), v);
        const auto it = model.find(k);
        if (it == model.end() ? st != Status::NotFound : (st != Status::Ok || v != it->second)) {
          errors[t] = "read " + own(k) + " at op " + std::to_string(i) + ": " + to_string(st) + " '" + v +
                      "', expected " + (it == model.end() ? "not found" : "'" + it->second + "'");
        }
      }
    }
  };
  std::thread checkpointer([&] {
    int rounds = 0;
    while (!stop.load()) {
      try {
        store->checkpoint();
        if (++rounds % 4 == 0) {
          std::size_t n = 0;
          if (store->scan([&](std::string_view, std::string_view) { ++n; }) != Status::Ok) {
            errors[threads] = "scan failed";
          }
        }
      } catch (const std::exception& e) {
        errors[threads] = e.what();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  for (auto& th : pool) th.join();
  stop.store(true);
  checkpointer.join();

  std::ostringstream out;
  for (const auto& e : errors) {
    if (!e.empty()) out << e << "\n";
  }
  if (!store->background_error().empty()) out << "background: " << store->background_error() << "\n";
  // Every increment arrived: the counters sum to the number of RMWs issued.
  std::uint64_t expected = 0;
  for (int t = 0; t < threads; ++t) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(t) + 1);
    for (int i = 0; i < ops_per_thread; ++i) {
      const unsigned r = rng() % 100;
      rng();  // key
      if (r < 10) {
        rng();
        ++expected;
      } else if (r < 50) {
        rng();
      }
    }
  }
  auto s = store->session();
  std::uint64_t sum = 0;
  std::string v;
  for (int c = 0; c < kCounters; ++c) {
    if (s->read("counter" + std::to_string(c), v) == Status::Ok) sum += std::stoull(v);
  }
  if (out.str().empty() && sum != expected) {
    out << "counters sum to " << sum << ", expected " << expected << " increments\n";
  }
  const KvStats st = store->stats();
  if (out.str().empty() && st.migrations == 0) out << "no migration ran concurrently (test too small)\n";
  return out.str();
}

}  // namespace plab::kv::test
