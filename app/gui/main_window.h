#pragma once
// The ParetoLab main window: wiring only. Module browser and run panel on the left, runs table
// at the bottom, result views (Pareto, history, traces, parallel coordinates, comparison, log) in
// the middle; menus, shortcuts, status bar, remembered layout and choices.

#include <QMainWindow>
#include <filesystem>

#include "core/experiment/plugin_loader.h"

class QTabWidget;
class QPlainTextEdit;
class QLabel;
class QTimer;

namespace plab::widgets {
class ModuleBrowser;
class RunPanel;
class RunsTable;
class RunController;
class ParetoView;
class HistoryView;
class TraceView;
class ParallelView;
class CompareTable;
class MetricCatalog;
class PlotView;
}  // namespace plab::widgets

namespace plab::gui {

/// What the window starts with.
struct MainWindowOptions {
  std::filesystem::path db;  // the store
  bool welcome = true;       // offer the demo on the first start
};

/// The main window.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow(const PluginRegistry& registry, MainWindowOptions options, QWidget* parent = nullptr);
  ~MainWindow() override;

  widgets::ModuleBrowser* moduleBrowser() const { return browser_; }
  widgets::RunPanel* runPanel() const { return panel_; }
  widgets::RunsTable* runsTable() const { return runs_; }
  widgets::RunController* controller() const { return controller_; }
  widgets::ParetoView* paretoView() const { return pareto_; }
  widgets::HistoryView* historyView() const { return history_; }
  widgets::TraceView* traceView() const { return traces_; }
  widgets::ParallelView* parallelView() const { return parallel_; }
  widgets::CompareTable* compareTable() const { return compare_; }
  QTabWidget* tabs() const { return tabs_; }

  /// Shows these runs in every result view.
  void showRuns(const QList<qint64>& ids);
  /// The plot view of the current tab, or nullptr (comparison and log tabs).
  widgets::PlotView* currentPlot() const;
  /// Starts the demo: the first module's quick preset on its first target.
  void runDemo();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildDocks();
  void buildMenus();
  void chooseModule(const QString& id);
  void refreshLive();
  void exportPlot();
  void exportReport();
  void openStore();
  void about();
  void welcome();
  void restoreSettings();

  const PluginRegistry& registry_;
  MainWindowOptions options_;
  std::unique_ptr<widgets::MetricCatalog> catalog_;
  widgets::RunController* controller_;
  widgets::ModuleBrowser* browser_;
  widgets::RunPanel* panel_;
  widgets::RunsTable* runs_;
  widgets::ParetoView* pareto_;
  widgets::HistoryView* history_;
  widgets::TraceView* traces_;
  widgets::ParallelView* parallel_;
  widgets::CompareTable* compare_;
  QPlainTextEdit* log_;
  QTabWidget* tabs_;
  QLabel* dbLabel_;
  QTimer* live_;
  QList<qint64> shown_;
};

}  // namespace plab::gui
