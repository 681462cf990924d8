#pragma once
// A thread that runs jobs one at a time, in order: the profiler keeps one per device so that a
// device's kernels and their data live on (and are first touched by) a thread pinned to it.

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace plab::variability {

class Worker {
 public:
  /// Starts the thread; it calls `init` first (for example, to pin itself to a CPU).
  explicit Worker(std::function<void()> init = {});
  /// Finishes queued jobs, then joins.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Queues a job; the future carries its result or its exception.
  std::future<double> post(std::function<double()> job);

 private:
  void loop(std::function<void()> init);
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::packaged_task<double()>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plab::variability
