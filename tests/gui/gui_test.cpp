// Main-window tests (offscreen) against the test-counter fixture plugin: the form rejects bad
// values with the reason, a run started from the window completes and appears in the table,
// cancel stops a run, a CLI-written run appears, failed plugins are listed, and the CLI's
// export/report work with no display.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "app/gui/main_window.h"
#include "widgets/history_view.h"
#include "widgets/module_browser.h"
#include "widgets/parallel_view.h"
#include "widgets/pareto_view.h"
#include "widgets/run_controller.h"
#include "widgets/run_panel.h"
#include "widgets/runs_table.h"

using namespace plab;

class GuiTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::filesystem::path db_;
  PluginRegistry registry_;
  std::unique_ptr<gui::MainWindow> window_;

  widgets::RunPanel* panel() { return window_->runPanel(); }

  // Starts a run of test-counter with these settings and returns the controller's spy.
  qint64 runAndWait(const QMap<QString, QString>& params, RunStatus expected, int timeout_ms = 20000) {
    panel()->form()->resetAll();
    for (auto it = params.begin(); it != params.end(); ++it) panel()->form()->setText(it.key(), it.value());
    QSignalSpy finished(window_->controller(), &widgets::RunController::runFinished);
    QString error;
    if (!panel()->startRun(&error)) {
      qWarning() << error;
      return -1;
    }
    if (!finished.wait(timeout_ms)) return -1;
    if (finished.at(0).at(1).toInt() != static_cast<int>(expected)) return -2;
    return finished.at(0).at(0).toLongLong();
  }

  QProcessEnvironment cliEnv() const {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("PARETOLAB_PLUGIN_PATH", PLAB_TEST_PLUGIN_DIR);
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    return env;
  }

  int cli(const QStringList& args, QByteArray* out = nullptr) {
    QProcess p;
    p.setProcessEnvironment(cliEnv());
    p.start(PLAB_CLI_PATH, args + QStringList{"--db", QString::fromStdString(db_.string())});
    if (!p.waitForFinished(60000)) return -1;
    if (out) *out = p.readAllStandardOutput();
    if (p.exitCode() != 0) qWarning() << p.readAllStandardError();
    return p.exitCode();
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("ParetoLabTest");
    QVERIFY(dir_.isValid());
    db_ = dir_.filePath("runs.sqlite").toStdString();
    registry_.load_from({PLAB_TEST_PLUGIN_DIR});
    QVERIFY(registry_.find("test-counter"));
    window_ = std::make_unique<gui::MainWindow>(registry_, gui::MainWindowOptions{db_, false});
    window_->runsTable()->model()->setPollInterval(100);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(window_->moduleBrowser()->selectModule("test-counter"));
  }

  void cleanupTestCase() { window_.reset(); }

  void browserListsFailedPluginsWithTheirError() {
    const auto rows = window_->moduleBrowser()->rows().join("\n");
    QVERIFY(rows.contains("Test counter"));
    QVERIFY2(rows.contains("failed to load"), qPrintable(rows));
  }

  void formRejectsBadValuesWithTheReason() {
    auto* form = panel()->form();
    form->resetAll();
    QVERIFY(form->isValid());
    QVERIFY(panel()->runButton()->isEnabled());
    QVERIFY(form->setText("steps", "-5"));
    QVERIFY2(form->errorFor("steps").contains("minimum"), qPrintable(form->errorFor("steps")));
    QVERIFY(!panel()->runButton()->isEnabled());
    QString error;
    QVERIFY(!panel()->startRun(&error));
    QVERIFY(error.contains("steps"));
    form->setText("steps", "abc");
    QVERIFY2(form->errorFor("steps").contains("integer"), qPrintable(form->errorFor("steps")));
    form->setText("rate", "1e999x");
    QVERIFY(!form->errorFor("rate").isEmpty());
    form->reset("steps");
    form->reset("rate");
    QVERIFY(form->isValid());
    QCOMPARE(form->text("steps"), QString("10"));
    QVERIFY(form->applyPreset("quick"));
    QCOMPARE(form->values()["steps"].get<int>(), 3);
    const QString file = dir_.filePath("p.json");
    QVERIFY(form->saveJson(file, &error));
    form->resetAll();
    QVERIFY(form->loadJson(file, &error));
    QCOMPARE(form->text("steps"), QString("3"));
  }

  void runFromTheWindowCompletesAndAppears() {
    const qint64 id = runAndWait({{"steps", "25"}}, RunStatus::Completed);
    QVERIFY(id > 0);
    auto* model = window_->runsTable()->model();
    QTRY_VERIFY(model->rowOf(id) >= 0);
    QCOMPARE(model->data(model->index(model->rowOf(id), widgets::RunsModel::Status), Qt::DisplayRole).toString(),
             QString("completed"));
    // The new run is selected and shown: the Pareto view has its 25 points.
    QTRY_COMPARE(window_->runsTable()->selectedRuns(), QList<qint64>{id});
    QTRY_COMPARE(window_->paretoView()->points().size(), std::size_t(25));
    QVERIFY(panel()->progressText().contains("completed"));
  }

  void paretoClickSelectsAPoint() {
    auto* view = window_->paretoView();
    window_->tabs()->setCurrentWidget(view);
    QTest::qWait(50);
    view->plot()->replot();
    QVERIFY(!view->front().empty());
    const int i = static_cast<int>(view->front().front());
    const QPoint px = view->pixelOf(i);
    QSignalSpy spy(view, &widgets::ParetoView::pointSelected);
    QTest::mouseMove(view->plot(), px);
    QTest::mouseClick(view->plot(), Qt::LeftButton, Qt::NoModifier, px);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view->selectedIndex(), i);
    // Selected everywhere: the history rings it, the parallel coordinates draw it bold.
    QCOMPARE(window_->historyView()->markedCount(), 1);
    QCOMPARE(window_->parallelView()->highlightedIndex(), i);
  }

  void cancelStopsARun() {
    auto* form = panel()->form();
    form->resetAll();
    form->setText("steps", "100000");
    form->setText("sleep_ms", "20");
    QSignalSpy started(window_->controller(), &widgets::RunController::runStarted);
    QSignalSpy finished(window_->controller(), &widgets::RunController::runFinished);
    QString error;
    QVERIFY2(panel()->startRun(&error), qPrintable(error));
    QVERIFY(started.wait(10000));
    QTRY_VERIFY(panel()->cancelButton()->isEnabled());
    QTest::qWait(200);  // let it report a few steps
    QTest::mouseClick(panel()->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(1).toInt(), static_cast<int>(RunStatus::Cancelled));
    const qint64 id = finished.at(0).at(0).toLongLong();
    auto* model = window_->runsTable()->model();
    QTRY_VERIFY(model->rowOf(id) >= 0);
    QCOMPARE(model->run(model->rowOf(id)).status, RunStatus::Cancelled);
    QVERIFY(model->run(model->rowOf(id)).progress < 0.5);
  }

  void queuedRunsRunOneAfterAnother() {
    auto* form = panel()->form();
    form->resetAll();
    form->setText("steps", "5");
    QSignalSpy finished(window_->controller(), &widgets::RunController::runFinished);
    QString error;
    QVERIFY(panel()->startRun(&error));
    QVERIFY(panel()->startRun(&error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QVERIFY(finished.at(0).at(0).toLongLong() < finished.at(1).at(0).toLongLong());
  }

  void aCliWrittenRunAppears() {
    QByteArray out;
    QCOMPARE(cli({"run", "test-counter", "--set", "steps=4", "--json"}, &out), 0);
    const auto j = nlohmann::json::parse(out.toStdString());
    const qint64 id = j["run_id"].get<qint64>();
    QTRY_VERIFY_WITH_TIMEOUT(window_->runsTable()->model()->rowOf(id) >= 0, 5000);
  }

  void cliExportAndReportWorkWithNoDisplay() {
    QByteArray out;
    QCOMPARE(cli({"run", "test-counter", "--set", "steps=30", "--json"}, &out), 0);
    const QString id = QString::number(nlohmann::json::parse(out.toStdString())["run_id"].get<qint64>());
    const QString png = dir_.filePath("cli.png"), svg = dir_.filePath("cli.svg"), pdf = dir_.filePath("cli-report.pdf");
    QCOMPARE(cli({"export", id, "--plot", "pareto", "--out", png, "--dpi", "96", "--width", "500", "--height", "300"}), 0);
    QImage img(png);
    QCOMPARE(img.size(), QSize(500, 300));
    QCOMPARE(cli({"export", id, "--plot", "trace:count", "--out", svg}), 0);
    QVERIFY(QFile(svg).size() > 1000);
    QCOMPARE(cli({"report", id, "--out", pdf}), 0);
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("/Image"));
    QCOMPARE(cli({"export", id, "--plot", "pie", "--out", png}), 2);
    QCOMPARE(cli({"export", "99999", "--plot", "pareto", "--out", png}), 2);
  }
};

QTEST_MAIN(GuiTest)
#include "gui_test.moc"
