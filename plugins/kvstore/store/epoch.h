#pragma once
// Epoch protection (FASTER's LightEpoch): threads announce the epoch they work in; an action
// registered with bump() runs once every thread has moved past the epoch it was registered in,
// which is how memory pages are recycled and flushed without locks on the operation path.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace plab::kv {

/// Tracks per-thread epochs and runs deferred actions when they become safe. Thread-safe: each
/// thread uses its own slot (acquire_slot), all other methods may be called from any thread.
class Epoch {
 public:
  static constexpr int kMaxThreads = 128;

  Epoch() = default;
  Epoch(const Epoch&) = delete;
  Epoch& operator=(const Epoch&) = delete;

  /// Reserves a slot for the calling thread; throws KvError when all kMaxThreads are in use.
  int acquire_slot();
  void release_slot(int slot);

  /// Enters the current epoch: memory reachable from shared state stays valid until unprotect().
  void protect(int slot) {
    table_[slot].local.store(current_.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
    if (pending_count_.load(std::memory_order_relaxed) > 0) drain();
  }
  void unprotect(int slot) { table_[slot].local.store(0, std::memory_order_release); }
  /// Moves a protected thread to the current epoch and runs actions that became safe.
  void refresh(int slot) {
    table_[slot].local.store(current_.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
    if (pending_count_.load(std::memory_order_relaxed) > 0) drain();
  }
  bool is_protected(int slot) const { return table_[slot].local.load(std::memory_order_relaxed) != 0; }

  /// Increments the epoch; `action` runs (in some thread's refresh/drain) once no thread is still
  /// in an epoch at or before the one that was current before the increment.
  void bump(std::function<void()> action);
  /// Runs every action that is safe now (actions run outside any lock; they may call bump()).
  void drain();
  /// Runs pending actions until none is left; callers must not be protected.
  void drain_all();

 private:
  struct alignas(64) Entry {
    std::atomic<std::uint64_t> local{0};
    std::atomic<bool> used{false};
  };
  struct Pending {
    std::uint64_t epoch;
    std::function<void()> action;
  };
  std::uint64_t safe_epoch() const;

  Entry table_[kMaxThreads];
  // Read by every operation; written only by bump() and by a drain that runs actions. Apart from
  // the mutex's line, which only bump() and a drain with a ready action write.
  alignas(64) std::atomic<std::uint64_t> current_{1};
  std::atomic<int> pending_count_{0};
  std::atomic<int> slots_used_{0};  // high-water mark of acquired slots (scans stop there)
  std::atomic<std::uint64_t> min_pending_{~std::uint64_t(0)};  // oldest pending action's epoch
  alignas(64) std::mutex mutex_;
  std::vector<Pending> pending_;  // guarded by mutex_
};

/// RAII guard: protects a slot for the duration of one operation.
class EpochGuard {
 public:
  EpochGuard(Epoch& e, int slot) : e_(e), slot_(slot) { e_.protect(slot_); }
  ~EpochGuard() { e_.unprotect(slot_); }
  EpochGuard(const EpochGuard&) = delete;
  EpochGuard& operator=(const EpochGuard&) = delete;

 private:
  Epoch& e_;
  int slot_;
};

}  // namespace plab::kv
