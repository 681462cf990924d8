#include "plugins/kvstore/store/epoch.h"

#include <algorithm>
#include <thread>

#include "plugins/kvstore/store/status.h"

namespace plab::kv {

int Epoch::acquire_slot() {
  for (int i = 0; i < kMaxThreads; ++i) {
    bool expected = false;
    if (!table_[i].used.load(std::memory_order_relaxed) &&
        table_[i].used.compare_exchange_strong(expected, true)) {
      table_[i].local.store(0);
      int used = slots_used_.load();
      while (used < i + 1 && !slots_used_.compare_exchange_weak(used, i + 1)) {
      }
      return i;
    }
  }
  throw KvError("kvstore: more than " + std::to_string(kMaxThreads) + " concurrent sessions");
}

void Epoch::release_slot(int slot) {
  table_[slot].local.store(0, std::memory_order_release);
  table_[slot].used.store(false, std::memory_order_release);
}

std::uint64_t Epoch::safe_epoch() const {
  std::uint64_t oldest = current_.load(std::memory_order_seq_cst);
  const int n = slots_used_.load(std::memory_order_seq_cst);
  for (int i = 0; i < n; ++i) {
    std::uint64_t l = table_[i].local.load(std::memory_order_seq_cst);
    if (l != 0 && l < oldest) oldest = l;
  }
  return oldest - 1;
}

void Epoch::bump(std::function<void()> action) {
  std::uint64_t prior = current_.fetch_add(1, std::memory_order_seq_cst);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.push_back({prior, std::move(action)});
    if (prior < min_pending_.load(std::memory_order_relaxed)) min_pending_.store(prior, std::memory_order_release);
    pending_count_.fetch_add(1, std::memory_order_relaxed);
  }
  drain();
}

void Epoch::drain() {
  // Without the lock first: while an action waits for a slow thread, every operation of every
  // thread comes here, and taking the mutex each time (a write to one shared cache line) would
  // serialise them. Only when the oldest pending action is safe does a thread take the lock.
  if (min_pending_.load(std::memory_order_acquire) > safe_epoch()) return;
  std::vector<std::function<void()>> ready;
  {
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock() || pending_.empty()) return;
    std::uint64_t safe = safe_epoch();
    std::uint64_t oldest = ~std::uint64_t(0);
    for (std::size_t i = 0; i < pending_.size();) {
      if (pending_[i].epoch <= safe) {
        ready.push_back(std::move(pending_[i].action));
        pending_[i] = std::move(pending_.back());
        pending_.pop_back();
        pending_count_.fetch_sub(1, std::memory_order_relaxed);
      } else {
        oldest = std::min(oldest, pending_[i].epoch);
        ++i;
      }
    }
    min_pending_.store(oldest, std::memory_order_release);
  }
  for (auto& a : ready) a();
}

void Epoch::drain_all() {
  while (pending_count_.load() > 0) {
    drain();
    std::this_thread::yield();
  }
}

}  // namespace plab::kv
