#include "plugins/variability-profiler/src/worker.h"

namespace plab::variability {

Worker::Worker(std::function<void()> init)
    : thread_([this, init = std::move(init)]() mutable { loop(std::move(init)); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::future<double> Worker::post(std::function<double()> job) {
  std::packaged_task<double()> task(std::move(job));
  auto fut = task.get_future();
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return fut;
}

void Worker::loop(std::function<void()> init) {
  if (init) init();
  for (;;) {
    std::packaged_task<double()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace plab::variability
