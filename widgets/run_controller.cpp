#include "widgets/run_controller.h"

#include <QMetaObject>
#include <QPointer>

namespace plab::widgets {

/// Forwards the engine's reports (worker thread) to the controller (GUI thread).
class RunController::Observer final : public RunObserver {
 public:
  explicit Observer(RunController* c) : c_(c) {}
  void on_started(std::int64_t id) override {
    post([c = c_, id] { c->onStarted(id); });
  }
  void on_progress(std::int64_t id, double f, const std::string& msg) override {
    post([c = c_, id, f, m = QString::fromStdString(msg)] {
      const double elapsed = c->clock_.elapsed() / 1000.0;
      const double remaining = f > 0.005 ? elapsed * (1 - f) / f : -1;
      emit c->progressChanged(id, f, m, elapsed, remaining);
    });
  }
  void on_log(std::int64_t id, LogLevel level, const std::string& msg) override {
    post([c = c_, id, level, m = QString::fromStdString(msg)] { emit c->logLine(id, static_cast<int>(level), m); });
  }
  void on_point(std::int64_t id, const Point&) override {
    post([c = c_, id] { emit c->pointReported(id); });
  }
  void on_finished(const RunOutcome& o) override {
    post([c = c_, id = o.run_id, s = static_cast<int>(o.status), e = QString::fromStdString(o.error)] {
      c->onFinished(id, s, e);
    });
  }

 private:
  template <class F>
  void post(F f) {
    QMetaObject::invokeMethod(c_, std::move(f), Qt::QueuedConnection);
  }
  RunController* c_;
};

RunController::RunController(const PluginRegistry& registry, std::filesystem::path db, QObject* parent,
                             TargetResolver resolver)
    : QObject(parent), engine_(registry, std::move(db), std::move(resolver)), observer_(std::make_unique<Observer>(this)) {}

RunController::~RunController() {
  queue_.clear();
  current_.reset();  // cancels and joins before the observer goes
}

int RunController::enqueue(const RunRequest& request) {
  queue_.push_back(engine_.prepare(request));
  emit queueChanged(queued());
  if (!current_) startNext();
  return queued() + (current_ ? 1 : 0);
}

void RunController::startNext() {
  if (current_ || queue_.empty()) return;
  PreparedRun run = std::move(queue_.front());
  queue_.pop_front();
  emit queueChanged(queued());
  currentModule_ = QString::fromStdString(run.module->info().id);
  currentId_ = 0;
  clock_.start();
  current_ = std::make_unique<BackgroundRun>(engine_, std::move(run), observer_.get());
}

void RunController::onStarted(qint64 id) {
  currentId_ = id;
  emit runStarted(id, currentModule_);
}

void RunController::onFinished(qint64 id, int status, const QString& error) {
  if (current_) current_->wait();  // the thread is ending: join it
  current_.reset();
  currentId_ = 0;
  emit runFinished(id, status, error);
  startNext();
}

void RunController::cancelCurrent() {
  if (current_) current_->cancel();
}

void RunController::cancelAll() {
  queue_.clear();
  emit queueChanged(0);
  cancelCurrent();
}

}  // namespace plab::widgets
