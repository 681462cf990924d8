#pragma once
// Runs experiments for the GUI: validates a request at once, queues it, executes queued runs one
// after another on a worker thread through core's run engine, and reports progress (with elapsed
// and estimated remaining time), points, log lines and the end of each run as Qt signals on the
// GUI thread. Never blocks the event loop.

#include <QElapsedTimer>
#include <QObject>
#include <deque>
#include <memory>

#include "core/experiment/run_engine.h"

namespace plab::widgets {

/// The run queue and its worker.
class RunController : public QObject {
  Q_OBJECT
 public:
  /// `registry` must outlive the controller. Runs are written to `db`.
  RunController(const PluginRegistry& registry, std::filesystem::path db, QObject* parent = nullptr,
                TargetResolver resolver = {});
  ~RunController() override;  // cancels the current run and waits for it

  /// Validates the request (throws InputError naming the problem) and queues it; the run starts
  /// when the ones before it have ended. Returns the number of runs now waiting or running.
  int enqueue(const RunRequest& request);
  /// Stops the current run (it ends as cancelled); queued runs still follow.
  void cancelCurrent();
  /// Stops the current run and drops the queue.
  void cancelAll();

  bool busy() const { return static_cast<bool>(current_); }
  int queued() const { return static_cast<int>(queue_.size()); }
  qint64 currentRunId() const { return currentId_; }
  const std::filesystem::path& dbFile() const { return engine_.db_file(); }

 signals:
  void runStarted(qint64 runId, const QString& module);
  /// remaining < 0 when it cannot be estimated yet.
  void progressChanged(qint64 runId, double fraction, const QString& message, double elapsedS, double remainingS);
  void pointReported(qint64 runId);
  void logLine(qint64 runId, int level, const QString& message);
  void runFinished(qint64 runId, int status, const QString& error);
  void queueChanged(int waiting);

 private:
  class Observer;
  void startNext();
  void onStarted(qint64 id);
  void onFinished(qint64 id, int status, const QString& error);

  RunEngine engine_;
  std::deque<PreparedRun> queue_;
  std::unique_ptr<Observer> observer_;
  std::unique_ptr<BackgroundRun> current_;
  QString currentModule_;
  qint64 currentId_ = 0;
  QElapsedTimer clock_;
};

}  // namespace plab::widgets
