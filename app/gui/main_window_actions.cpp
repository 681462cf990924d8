// MainWindow: menus, shortcuts, export, About and the first-start welcome.
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <qcustomplot.h>
#include <sqlite3.h>

#include "app/gui/main_window.h"
#include "core/build_config.h"
#include "widgets/history_view.h"
#include "widgets/module_browser.h"
#include "widgets/parallel_view.h"
#include "widgets/pareto_view.h"
#include "widgets/report.h"
#include "widgets/run_controller.h"
#include "widgets/run_data.h"
#include "widgets/run_panel.h"
#include "widgets/runs_table.h"
#include "widgets/trace_view.h"

namespace plab::gui {
namespace {
// A menu entry with an optional shortcut (Qt 6.4 deprecates QMenu's own overloads for this).
template <class Receiver, class Slot>
QAction* entry(QMenu* menu, const QString& text, const QKeySequence& shortcut, Receiver* receiver, Slot slot) {
  auto* a = menu->addAction(text);
  if (!shortcut.isEmpty()) a->setShortcut(shortcut);
  QObject::connect(a, &QAction::triggered, receiver, slot);
  return a;
}
}  // namespace

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu("&File");
  entry(file, "&Open store…", QKeySequence::Open, this, &MainWindow::openStore);
  file->addSeparator();
  entry(file, "&Export plot…", QKeySequence("Ctrl+E"), this, &MainWindow::exportPlot);
  entry(file, "Export &report…", QKeySequence("Ctrl+Shift+E"), this, &MainWindow::exportReport);
  file->addSeparator();
  entry(file, "&Quit", QKeySequence::Quit, this, &QWidget::close);

  auto* run = menuBar()->addMenu("&Run");
  entry(run, "&Run", QKeySequence(Qt::Key_F5), this, [this] {
    QString error;
    if (!panel_->startRun(&error)) QMessageBox::warning(this, "Cannot start the run", error);
  });
  entry(run, "&Cancel", QKeySequence(Qt::Key_Escape), controller_, &widgets::RunController::cancelCurrent);
  entry(run, "Cancel &all queued", QKeySequence(), controller_, &widgets::RunController::cancelAll);
  run->addSeparator();
  entry(run, "Run the &demo", QKeySequence(), this, &MainWindow::runDemo);

  auto* view = menuBar()->addMenu("&View");
  for (auto* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
  view->addSeparator();
  for (int i = 0; i < tabs_->count(); ++i) {
    entry(view, tabs_->tabText(i).remove('&'), QKeySequence(QString("Ctrl+%1").arg(i + 1)), this,
          [this, i] { tabs_->setCurrentIndex(i); });
  }
  view->addSeparator();
  entry(view, "Reload runs", QKeySequence("Ctrl+R"), this, [this] { runs_->model()->reload(true); });

  auto* help = menuBar()->addMenu("&Help");
  entry(help, "&About ParetoLab", QKeySequence(), this, &MainWindow::about);
  entry(help, "About &Qt", QKeySequence(), qApp, &QApplication::aboutQt);
}

widgets::PlotView* MainWindow::currentPlot() const { return qobject_cast<widgets::PlotView*>(tabs_->currentWidget()); }

void MainWindow::exportPlot() {
  auto* plot = currentPlot();
  if (!plot) {
    QMessageBox::information(this, "Export plot", "Choose a plot tab (Pareto, History, Traces or Parallel) first.");
    return;
  }
  QSettings s;
  const QString dir = s.value("last/exportDir").toString();
  QString filter;
  const QString file = QFileDialog::getSaveFileName(this, "Export plot", dir + "/plot.png",
                                                    "PNG image (*.png);;PDF (*.pdf);;SVG (*.svg);;Data as CSV (*.csv)", &filter);
  if (file.isEmpty()) return;
  s.setValue("last/exportDir", QFileInfo(file).absolutePath());
  widgets::ExportOptions o;
  if (file.endsWith(".png", Qt::CaseInsensitive)) {
    bool ok = false;
    o.dpi = QInputDialog::getInt(this, "Export plot", "Resolution (DPI):", s.value("last/dpi", 150).toInt(), 48, 1200, 1, &ok);
    if (!ok) return;
    s.setValue("last/dpi", o.dpi);
  }
  o.width = plot->plot()->width();
  o.height = plot->plot()->height();
  QString error;
  if (plot->exportTo(file, o, &error)) statusBar()->showMessage("wrote " + file, 8000);
  else QMessageBox::warning(this, "Export plot", error);
}

void MainWindow::exportReport() {
  if (shown_.isEmpty()) {
    QMessageBox::information(this, "Export report", "Select one or more runs in the runs table first.");
    return;
  }
  const QString file = QFileDialog::getSaveFileName(this, "Export report", "report.html", "HTML (*.html);;PDF (*.pdf)");
  if (file.isEmpty()) return;
  std::vector<std::int64_t> v(shown_.begin(), shown_.end());
  const auto runs = widgets::load_runs(*runs_->model()->store(), v);
  QString error;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  const bool ok = widgets::write_report(options_.db, runs, widgets::MetricCatalog(registry_), file, &error);
  QApplication::restoreOverrideCursor();
  if (ok) statusBar()->showMessage("wrote " + file, 8000);
  else QMessageBox::warning(this, "Export report", error);
}

void MainWindow::openStore() {
  const QString file = QFileDialog::getOpenFileName(this, "Open store", QString::fromStdString(options_.db.parent_path().string()),
                                                    "ParetoLab store (*.sqlite *.db);;All files (*)");
  if (file.isEmpty()) return;
  QMessageBox::information(this, "Open store",
                           "ParetoLab keeps one store per window; restart with\n  paretolab --db " + file +
                               "\nto use it (running runs keep writing to the current store).");
}

void MainWindow::about() {
  QMessageBox::about(
      this, "About ParetoLab",
      QString("<h3>ParetoLab %1</h3><p>A workbench for ML-systems research: experiment modules, Pareto fronts, "
              "histories, traces, reports.</p><table>"
              "<tr><td>Qt</td><td>%2</td></tr><tr><td>QCustomPlot</td><td>%3</td></tr>"
              "<tr><td>SQLite</td><td>%4</td></tr><tr><td>Modules</td><td>%5 loaded, %6 failed</td></tr>"
              "<tr><td>Store</td><td>%7</td></tr></table>")
          .arg(QString(plab::build::kVersion), QString(qVersion()), QString(QCUSTOMPLOT_VERSION_STR), QString(sqlite3_libversion()))
          .arg(registry_.modules().size())
          .arg(registry_.failures().size())
          .arg(QString::fromStdString(options_.db.string()).toHtmlEscaped()));
}

void MainWindow::runDemo() {
  std::shared_ptr<LoadedModule> module = registry_.find("energy-tuner");
  if (!module) module = registry_.find("variability-profiler");
  if (!module && !registry_.modules().empty()) module = registry_.modules().front();
  if (!module) {
    QMessageBox::information(this, "Demo", "No module is loaded, so there is nothing to run.");
    return;
  }
  const QString id = QString::fromStdString(module->info().id);
  browser_->selectModule(id);
  for (const char* preset : {"smoke", "quick", "demo"})
    if (panel_->form()->applyPreset(preset)) break;
  // A simulated target when the module has one (fast and needs no hardware).
  auto* picker = panel_->targetPicker();
  for (int i = 0; i < picker->count(); ++i)
    if (picker->itemData(i).toString() != "local") {
      picker->setCurrentIndex(i);
      break;
    }
  QString error;
  if (!panel_->startRun(&error)) QMessageBox::warning(this, "Demo", error);
  else statusBar()->showMessage("demo: " + id + " on " + picker->target(), 10000);
}

void MainWindow::welcome() {
  QSettings s;
  if (s.value("welcomed", false).toBool()) return;
  s.setValue("welcomed", true);
  const auto answer = QMessageBox::question(
      this, "Welcome to ParetoLab",
      "<p>Pick a module on the left, set its parameters, choose a target and press <b>Run</b> (F5). Results appear in "
      "the runs table below; select runs to see their Pareto front, history, traces and comparison.</p>"
      "<p>Run a short demo now?</p>",
      QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
  if (answer == QMessageBox::Yes) runDemo();
}

}  // namespace plab::gui
