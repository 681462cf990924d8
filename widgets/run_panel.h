#pragma once
// The run panel: a module's parameter form, presets, target, seed, Run/Cancel and a progress bar
// with the message and elapsed/remaining time. Runs go through a RunController (queued when one
// is already going).

#include <QWidget>

#include "widgets/param_form.h"
#include "widgets/run_controller.h"
#include "widgets/target_picker.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace plab::widgets {

/// Parameter form + target + run controls for one module at a time.
class RunPanel : public QWidget {
  Q_OBJECT
 public:
  RunPanel(RunController* controller, QWidget* parent = nullptr);

  void setModule(std::shared_ptr<const LoadedModule> module);
  ParamForm* form() const { return form_; }
  TargetPicker* targetPicker() const { return target_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QString progressText() const;

  /// Validates the form and queues a run. False and *error (the reasons) when it cannot start.
  bool startRun(QString* error);
  /// Fixed seed text ("" = random).
  void setSeed(const QString& seed);

 signals:
  /// A message for the status bar.
  void status(const QString& message);

 private:
  void updateButtons();
  RunController* controller_;
  ParamForm* form_;
  TargetPicker* target_;
  QComboBox* presets_;
  QLineEdit* seed_;
  QPushButton *run_, *cancel_;
  QProgressBar* progress_;
  QLabel* progressLabel_;
};

}  // namespace plab::widgets
