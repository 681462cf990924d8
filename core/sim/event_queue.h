#pragma once
// Discrete-event kernel: a simulated clock and a queue of timed callbacks, run in time order.

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace plab::sim {

/// Identifies a scheduled event so that it can be cancelled.
using EventId = std::uint64_t;

/// A discrete-event simulator: events fire in order of time, ties in order of priority (lower
/// first), then in the order they were scheduled. Not thread-safe; one simulation per thread.
class Simulator {
 public:
  using Action = std::function<void(Simulator&)>;

  Simulator() = default;
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// The current simulated time (seconds by convention); starts at 0.
  double now() const { return now_; }
  /// Schedules `action` at absolute time `at`. Throws std::invalid_argument when `at` is earlier
  /// than now() or not finite.
  EventId at(double at, Action action, int priority = 0);
  /// Schedules `action` `delay` (>= 0) after now().
  EventId after(double delay, Action action, int priority = 0) { return at(now_ + delay, std::move(action), priority); }
  /// Cancels a pending event; returns false when it already fired, was cancelled or never existed.
  bool cancel(EventId id);

  /// Fires the next event; returns false when none is pending.
  bool step();
  /// Fires every event up to and including time `until`, then sets the clock to `until` (when the
  /// queue did not run past it). Returns the number of events fired.
  std::size_t run_until(double until);
  /// Fires events until the queue is empty or stop() is called. Returns the number fired.
  std::size_t run();
  /// Makes run()/run_until() return after the current event.
  void stop() { stopped_ = true; }

  std::size_t pending() const { return live_; }
  std::size_t fired() const { return fired_; }

 private:
  struct Entry {
    double time;
    int priority;
    EventId id;
    bool operator>(const Entry& o) const {
      if (time != o.time) return time > o.time;
      if (priority != o.priority) return priority > o.priority;
      return id > o.id;
    }
  };
  bool pop_live(Entry& out);

  double now_ = 0.0;
  EventId next_id_ = 1;
  std::size_t live_ = 0, fired_ = 0;
  bool stopped_ = false;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue_;
  std::vector<Action> actions_;  // indexed by id - base_; empty function = cancelled or fired
  EventId base_ = 1;
};

}  // namespace plab::sim
