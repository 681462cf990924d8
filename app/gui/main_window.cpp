#include "app/gui/main_window.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include "widgets/compare_table.h"
#include "widgets/history_view.h"
#include "widgets/module_browser.h"
#include "widgets/parallel_view.h"
#include "widgets/pareto_view.h"
#include "widgets/run_controller.h"
#include "widgets/run_data.h"
#include "widgets/run_panel.h"
#include "widgets/runs_table.h"
#include "widgets/trace_view.h"
#include "widgets/variability_panel.h"

namespace plab::gui {

MainWindow::MainWindow(const PluginRegistry& registry, MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent), registry_(registry), options_(std::move(options)) {
  setObjectName("mainWindow");
  setWindowTitle("ParetoLab — " + QString::fromStdString(options_.db.filename().string()));
  setWindowIcon(QIcon(":/paretolab.svg"));
  catalog_ = std::make_unique<widgets::MetricCatalog>(registry_);
  controller_ = new widgets::RunController(registry_, options_.db, this);

  pareto_ = new widgets::ParetoView(this);
  history_ = new widgets::HistoryView(this);
  traces_ = new widgets::TraceView(this);
  parallel_ = new widgets::ParallelView(this);
  compare_ = new widgets::CompareTable(this);
  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("resultTabs");
  tabs_->addTab(pareto_, "&Pareto front");
  tabs_->addTab(history_, "&History");
  tabs_->addTab(traces_, "&Traces");
  tabs_->addTab(parallel_, "P&arallel coordinates");
  // Variability-profiler runs: box plots, performance vs sensors, ranking (shown for such runs only).
  tabs_->setTabVisible(tabs_->addTab(new widgets::VariabilityPanel(this), "Varia&bility"), false);
  tabs_->addTab(compare_, "&Compare");
  tabs_->addTab(log_, "&Log");
  setCentralWidget(tabs_);

  buildDocks();
  buildMenus();
  dbLabel_ = new QLabel(QString::fromStdString(options_.db.string()), this);
  statusBar()->addPermanentWidget(dbLabel_);
  statusBar()->showMessage(QString("%1 modules loaded, %2 failed").arg(registry_.modules().size()).arg(registry_.failures().size()));

  traces_->setStoreFile(options_.db);
  runs_->model()->setStoreFile(options_.db);
  runs_->addKnownModules([&] {
    QStringList m;
    for (const auto& x : registry_.modules()) m << QString::fromStdString(x->info().id);
    return m;
  }());

  live_ = new QTimer(this);
  live_->setSingleShot(true);
  live_->setInterval(400);
  connect(live_, &QTimer::timeout, this, &MainWindow::refreshLive);
  connect(runs_, &widgets::RunsTable::selectionChanged, this, &MainWindow::showRuns);
  connect(browser_, &widgets::ModuleBrowser::moduleChosen, this, &MainWindow::chooseModule);
  connect(panel_, &widgets::RunPanel::status, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
  connect(pareto_, &widgets::ParetoView::pointSelected, history_, &widgets::HistoryView::markPoint);
  connect(pareto_, &widgets::ParetoView::pointSelected, parallel_, &widgets::ParallelView::highlightPoint);
  connect(pareto_, &widgets::ParetoView::pointSelected, this, [this](qint64 run, qint64 seq) {
    statusBar()->showMessage(QString("selected run %1, point %2").arg(run).arg(seq), 10000);
  });
  connect(controller_, &widgets::RunController::runStarted, this, [this](qint64 id) {
    runs_->model()->reload(true);
    runs_->selectRuns({id});
  });
  connect(controller_, &widgets::RunController::pointReported, this, [this](qint64 id) {
    if (shown_.contains(id) && !live_->isActive()) live_->start();
  });
  connect(controller_, &widgets::RunController::progressChanged, this, [this](qint64 id) {
    if (shown_.contains(id) && !live_->isActive()) live_->start();
  });
  connect(controller_, &widgets::RunController::logLine, this, [this](qint64 id, int level, const QString& m) {
    static const char* kLevels[] = {"debug", "info", "warning", "error"};
    log_->appendPlainText(QString("run %1 %2: %3").arg(id).arg(QString(kLevels[std::clamp(level, 0, 3)]), m));
  });
  connect(controller_, &widgets::RunController::runFinished, this, [this](qint64 id) {
    runs_->model()->reload(true);
    if (shown_.contains(id)) showRuns(shown_);
  });

  restoreSettings();
  if (options_.welcome) QTimer::singleShot(0, this, &MainWindow::welcome);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
  browser_ = new widgets::ModuleBrowser(this);
  browser_->setRegistry(registry_);
  panel_ = new widgets::RunPanel(controller_, this);
  auto* left = new QSplitter(Qt::Vertical, this);
  left->addWidget(browser_);
  left->addWidget(panel_);
  left->setStretchFactor(1, 3);
  left->setSizes({260, 640});
  auto* dock = new QDockWidget("Modules and parameters", this);
  dock->setObjectName("moduleDock");
  dock->setWidget(left);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  runs_ = new widgets::RunsTable(this);
  auto* runsDock = new QDockWidget("Runs", this);
  runsDock->setObjectName("runsDock");
  runsDock->setWidget(runs_);
  addDockWidget(Qt::BottomDockWidgetArea, runsDock);
  resize(1400, 900);
  resizeDocks({dock}, {430}, Qt::Horizontal);
  resizeDocks({runsDock}, {240}, Qt::Vertical);
}

void MainWindow::chooseModule(const QString& id) {
  auto m = registry_.find(id.toStdString());
  panel_->setModule(m);
  QSettings().setValue("last/module", id);
  if (m) statusBar()->showMessage("module " + id + ": " + QString::fromStdString(m->info().summary), 8000);
}

void MainWindow::showRuns(const QList<qint64>& ids) {
  shown_ = ids;
  auto* store = runs_->model()->store();
  if (!store) return;
  std::vector<std::int64_t> v(ids.begin(), ids.end());
  const auto runs = widgets::load_runs(*store, v);
  pareto_->setRuns(runs, *catalog_);
  history_->setRuns(runs, *catalog_);
  parallel_->setRuns(runs, *catalog_);
  compare_->setRuns(runs);
  auto* variability = findChild<widgets::VariabilityPanel*>("variabilityPanel");
  tabs_->setTabVisible(tabs_->indexOf(variability), variability->setRuns(runs));
  std::vector<widgets::TraceRef> refs;
  for (const auto& r : runs)
    for (const auto& s : r.series)
      if (refs.size() < 4 && s.count > 0) refs.push_back({r.record.id, s.name});
  traces_->setTraces(refs);
  if (!ids.isEmpty()) {
    QStringList s;
    for (auto id : ids) s << QString::number(id);
    statusBar()->showMessage(QString("showing run%1 %2").arg(QString(ids.size() > 1 ? "s" : ""), s.join(", ")), 5000);
  }
}

void MainWindow::refreshLive() {
  auto* store = runs_->model()->store();
  if (!store || shown_.isEmpty()) return;
  std::vector<std::int64_t> v(shown_.begin(), shown_.end());
  const auto runs = widgets::load_runs(*store, v);
  pareto_->setRuns(runs, *catalog_);
  history_->setRuns(runs, *catalog_);
  traces_->refresh();
}

void MainWindow::restoreSettings() {
  QSettings s;
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  tabs_->setCurrentIndex(s.value("window/tab", 0).toInt());
  const QString module = s.value("last/module").toString();
  if (!browser_->selectModule(module) && !registry_.modules().empty())
    browser_->selectModule(QString::fromStdString(registry_.modules().front()->info().id));
  panel_->targetPicker()->setTarget(s.value("last/target/" + browser_->currentModule()).toString());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("window/tab", tabs_->currentIndex());
  s.setValue("last/target/" + browser_->currentModule(), panel_->targetPicker()->target());
  controller_->cancelAll();
  event->accept();
}

}  // namespace plab::gui
