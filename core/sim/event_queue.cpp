#include "core/sim/event_queue.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace plab::sim {

EventId Simulator::at(double at, Action action, int priority) {
  if (!std::isfinite(at) || at < now_) {
    throw std::invalid_argument("sim: event scheduled at t=" + std::to_string(at) + ", before now (t=" +
                                std::to_string(now_) + ") or not finite");
  }
  if (!action) throw std::invalid_argument("sim: empty event action");
  const EventId id = next_id_++;
  actions_.push_back(std::move(action));
  queue_.push({at, priority, id});
  ++live_;
  return id;
}

bool Simulator::cancel(EventId id) {
  if (id < base_ || id >= next_id_) return false;
  auto& a = actions_[id - base_];
  if (!a) return false;
  a = nullptr;
  --live_;
  return true;
}

bool Simulator::pop_live(Entry& out) {
  while (!queue_.empty()) {
    out = queue_.top();
    queue_.pop();
    if (actions_[out.id - base_]) return true;
  }
  return false;
}

bool Simulator::step() {
  Entry e{};
  if (!pop_live(e)) return false;
  Action action = std::move(actions_[e.id - base_]);
  actions_[e.id - base_] = nullptr;
  --live_;
  now_ = e.time;
  ++fired_;
  action(*this);
  // Compact the action table once everything scheduled so far has fired.
  if (live_ == 0 && queue_.empty()) {
    base_ = next_id_;
    actions_.clear();
  }
  return true;
}

std::size_t Simulator::run_until(double until) {
  stopped_ = false;
  std::size_t n = 0;
  while (!stopped_) {
    while (!queue_.empty() && !actions_[queue_.top().id - base_]) queue_.pop();
    if (queue_.empty() || queue_.top().time > until) break;
    step();
    ++n;
  }
  if (!stopped_ && until > now_) now_ = until;
  return n;
}

std::size_t Simulator::run() {
  stopped_ = false;
  std::size_t n = 0;
  while (!stopped_ && step()) ++n;
  return n;
}

}  // namespace plab::sim
