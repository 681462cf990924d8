#pragma once
// A statistics counter that many threads add to without sharing a cache line: each thread adds
// to its own cell (threads are spread over the cells round-robin) and a read sums the cells.
// One shared atomic counter written by every operation of every thread makes that cache line
// travel between the cores on each increment, which costs more than the operation itself once
// there are many cores.

#include <atomic>
#include <cstdint>

namespace plab::kv {

/// Per-thread striped counter: fetch_add is contention-free, load() sums (relaxed, monotonic).
class StripedCounter {
 public:
  static constexpr unsigned kCells = 32;

  void fetch_add(std::uint64_t v, std::memory_order order = std::memory_order_relaxed) {
    cells_[cell()].v.fetch_add(v, order);
  }
  std::uint64_t load(std::memory_order order = std::memory_order_relaxed) const {
    std::uint64_t sum = 0;
    for (const Cell& c : cells_) sum += c.v.load(order);
    return sum;
  }

 private:
  struct alignas(64) Cell {
    std::atomic<std::uint64_t> v{0};
  };
  static unsigned cell() {
    static std::atomic<unsigned> next{0};
    thread_local const unsigned mine = next.fetch_add(1, std::memory_order_relaxed) % kCells;
    return mine;
  }
  Cell cells_[kCells];
};

}  // namespace plab::kv
