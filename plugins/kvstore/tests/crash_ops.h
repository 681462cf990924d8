#pragma once
// The deterministic operation stream of the crash test, shared by the writer process (which runs
// it against the store until it is killed) and the test (which replays it against a model to know
// every value a key may hold after recovery).
//
// Values carry their key, round and operation number plus a payload derived from them, so a value
// recovered under the wrong key (foreign) or cut short (torn) never matches any expected value.

#include <cstdint>
#include <random>
#include <string>

#include "plugins/kvstore/store/crc32c.h"
#include "plugins/kvstore/store/options.h"

namespace plab::kv::test {

inline constexpr int kCrashKeys = 1500;
inline constexpr std::uint64_t kCrashMaxOps = 400000;  // a writer stops after this many

enum class CrashOpKind { Upsert, Rmw, Remove };

/// One operation of the stream.
struct CrashOp {
  CrashOpKind kind;
  int key;
};

/// Operation `i` of round `round` (a pure function, so both processes agree).
class CrashOps {
 public:
  explicit CrashOps(std::uint64_t round) : rng_(0x5eed0000ull + round), round_(round) {}
  CrashOp next() {
    const int key = (rng_() % 4) ? static_cast<int>(rng_() % (kCrashKeys / 10)) : static_cast<int>(rng_() % kCrashKeys);
    const unsigned r = rng_() % 100;
    return {r < 60 ? CrashOpKind::Upsert : r < 85 ? CrashOpKind::Rmw : CrashOpKind::Remove, key};
  }
  /// After how many operations the writer checkpoints next (from operation `i`).
  static std::uint64_t checkpoint_gap(std::uint64_t round, std::uint64_t i) {
    return 200 + (crc32c(reinterpret_cast<const char*>(&i), sizeof i) ^ round) % 2500;
  }
  std::uint64_t round() const { return round_; }

 private:
  std::mt19937_64 rng_;
  std::uint64_t round_;
};

inline std::string crash_key(int k) { return "crash-key-" + std::to_string(k); }

/// The value an upsert (old == nullptr) or a read-modify-write over `old` writes at operation i.
inline std::string crash_value(int key, std::uint64_t round, std::uint64_t i, const std::string* old, bool rmw) {
  std::string v = "k" + std::to_string(key) + "|r" + std::to_string(round) + "|o" + std::to_string(i) + "|";
  if (rmw) v += "c" + std::to_string(old ? crc32c(old->data(), old->size()) : 0u) + "|";
  const std::uint32_t seed = crc32c(v.data(), v.size());
  const std::size_t len = 16 + seed % 200;
  for (std::size_t j = 0; j < len; ++j) v.push_back(static_cast<char>('a' + (seed >> (j % 24)) % 26));
  return v;
}

/// The store's options in both processes: a small budget so that migrations and compactions run
/// while the writer is killed, and the background thread on.
inline Options crash_options(const std::filesystem::path& dir) {
  Options o;
  o.dir = dir;
  o.memory_budget = 1 << 20;
  o.expected_keys = kCrashKeys;
  o.expected_kv_bytes = 140;
  o.max_kv_bytes = 512;
  o.cold_log_budget = 2 << 20;
  o.compaction_check_ms = 5;
  return o;
}

}  // namespace plab::kv::test
