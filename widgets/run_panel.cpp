#include "widgets/run_panel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "core/util/error.h"

namespace plab::widgets {
namespace {
QString duration(double s) {
  if (s < 0) return "?";
  if (s < 60) return QString::number(s, 'f', 1) + " s";
  return QString("%1 min %2 s").arg(static_cast<int>(s) / 60).arg(static_cast<int>(s) % 60);
}
}  // namespace

RunPanel::RunPanel(RunController* controller, QWidget* parent) : QWidget(parent), controller_(controller) {
  setObjectName("runPanel");
  form_ = new ParamForm(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(form_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);

  presets_ = new QComboBox(this);
  presets_->setToolTip("Named parameter sets: the module's own and yours");
  auto* load = new QPushButton("Load…", this);
  auto* save = new QPushButton("Save…", this);
  auto* savePreset = new QPushButton("Save preset…", this);
  auto* reset = new QPushButton("Reset all", this);
  load->setToolTip("Load parameters from a JSON file");
  save->setToolTip("Save these parameters as a JSON file");
  auto* files = new QHBoxLayout;
  files->addWidget(presets_, 1);
  files->addWidget(savePreset);
  auto* files2 = new QHBoxLayout;
  files2->addWidget(load);
  files2->addWidget(save);
  files2->addWidget(reset);

  target_ = new TargetPicker(this);
  seed_ = new QLineEdit(this);
  seed_->setPlaceholderText("random");
  seed_->setValidator(nullptr);
  auto* where = new QFormLayout;
  where->addRow("Target:", target_);
  where->addRow("Seed:", seed_);

  run_ = new QPushButton("Run", this);
  run_->setObjectName("runButton");
  run_->setToolTip("Start a run with these parameters (F5); while one runs, this queues another");
  cancel_ = new QPushButton("Cancel", this);
  cancel_->setObjectName("cancelButton");
  cancel_->setToolTip("Stop the current run (Esc)");
  cancel_->setEnabled(false);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_, 1);
  buttons->addWidget(cancel_);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setTextVisible(true);
  progressLabel_ = new QLabel("idle", this);
  progressLabel_->setWordWrap(true);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(files);
  layout->addLayout(files2);
  layout->addWidget(scroll, 1);
  layout->addLayout(where);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(progressLabel_);

  connect(presets_, &QComboBox::activated, this, [this](int i) {
    if (i > 0) form_->applyPreset(presets_->itemText(i));
  });
  connect(reset, &QPushButton::clicked, form_, &ParamForm::resetAll);
  connect(load, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, "Load parameters", {}, "JSON (*.json)");
    QString error;
    if (!f.isEmpty() && !form_->loadJson(f, &error)) QMessageBox::warning(this, "Load parameters", error);
  });
  connect(save, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, "Save parameters", "params.json", "JSON (*.json)");
    QString error;
    if (!f.isEmpty() && !form_->saveJson(f, &error)) QMessageBox::warning(this, "Save parameters", error);
  });
  connect(savePreset, &QPushButton::clicked, this, [this] {
    const QString name = QInputDialog::getText(this, "Save preset", "Preset name:");
    if (name.isEmpty()) return;
    form_->saveUserPreset(name);
    if (presets_->findText(name) < 0) presets_->addItem(name);
  });
  connect(run_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!startRun(&error)) QMessageBox::warning(this, "Cannot start the run", error);
  });
  connect(cancel_, &QPushButton::clicked, controller_, &RunController::cancelCurrent);
  connect(form_, &ParamForm::validityChanged, this, [this] { updateButtons(); });
  connect(controller_, &RunController::runStarted, this, [this](qint64 id, const QString& module) {
    progress_->setValue(0);
    progressLabel_->setText(QString("run %1 (%2) started").arg(id).arg(module));
    emit status(progressLabel_->text());
    updateButtons();
  });
  connect(controller_, &RunController::progressChanged, this,
          [this](qint64 id, double f, const QString& msg, double elapsed, double remaining) {
            progress_->setValue(static_cast<int>(f * 1000));
            progress_->setFormat(QString("%1%").arg(f * 100, 0, 'f', 1));
            progressLabel_->setText(QString("run %1: %2 — elapsed %3, remaining %4")
                                        .arg(id)
                                        .arg(msg, duration(elapsed), duration(remaining)));
          });
  connect(controller_, &RunController::runFinished, this, [this](qint64 id, int s, const QString& error) {
    const auto st = static_cast<RunStatus>(s);
    if (st == RunStatus::Completed) progress_->setValue(1000);
    progressLabel_->setText(QString("run %1 %2%3").arg(id).arg(to_string(st)).arg(error.isEmpty() ? "" : ": " + error));
    emit status(progressLabel_->text());
    updateButtons();
  });
  connect(controller_, &RunController::queueChanged, this, [this](int n) {
    if (n > 0) emit status(QString("%1 run(s) queued").arg(n));
    updateButtons();
  });
  setModule(nullptr);
}

void RunPanel::setModule(std::shared_ptr<const LoadedModule> module) {
  form_->setModule(module);
  presets_->clear();
  presets_->addItem("(presets)");
  if (module) {
    presets_->addItems(form_->presets());
    target_->setModule(module->info());
  }
  updateButtons();
}

void RunPanel::setSeed(const QString& seed) { seed_->setText(seed); }

QString RunPanel::progressText() const { return progressLabel_->text(); }

void RunPanel::updateButtons() {
  run_->setEnabled(form_->module() && form_->isValid());
  run_->setText(controller_->busy() ? "Queue run" : "Run");
  cancel_->setEnabled(controller_->busy());
}

bool RunPanel::startRun(QString* error) {
  if (!form_->module()) {
    if (error) *error = "Choose a module first.";
    return false;
  }
  if (!form_->isValid()) {
    if (error) *error = form_->errors().join("\n");
    return false;
  }
  RunRequest req;
  req.module = form_->module()->info().id;
  req.params = form_->values();
  req.target = target_->target().toStdString();
  req.origin = "gui";
  if (!seed_->text().trimmed().isEmpty()) {
    bool ok = false;
    const qulonglong s = seed_->text().trimmed().toULongLong(&ok);
    if (!ok) {
      if (error) *error = "seed '" + seed_->text() + "': expected a non-negative integer";
      return false;
    }
    req.seed = s;
  }
  try {
    controller_->enqueue(req);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  updateButtons();
  return true;
}

}  // namespace plab::widgets
