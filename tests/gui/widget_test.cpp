// Widget tests (offscreen): Pareto hover and click, exports read back, trace reduction keeps
// extremes, history, comparison, report, the runs model seeing another connection's runs.
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPointer>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "test_store.h"
#include "widgets/compare_table.h"
#include "widgets/history_view.h"
#include "widgets/parallel_view.h"
#include "widgets/pareto_view.h"
#include "widgets/plot_factory.h"
#include "widgets/report.h"
#include "widgets/runs_model.h"
#include "widgets/runs_table.h"
#include "widgets/trace_view.h"

using namespace plab;
using namespace plab::widgets;

namespace {
/// An energy-tuner run with one series per evaluation: best_energy_mj [mJ] = 9, 7, 7, 4 at 1..4.
std::int64_t write_per_evaluation_run(const std::filesystem::path& db) {
  auto store = store::Store::open(db);
  auto w = store->start_run(test::new_run("energy-tuner"));
  w->declare_series("best_energy_mj", "mJ", "evaluation");
  const std::vector<double> t{1, 2, 3, 4}, v{9, 7, 7, 4};
  w->trace("best_energy_mj", t, v);
  w->finish(RunStatus::Completed);
  return w->run_id();
}
}  // namespace

class WidgetTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::filesystem::path db_;
  std::int64_t run_ = 0, run2_ = 0;
  MetricCatalog catalog_;

  std::vector<RunData> runs(std::vector<std::int64_t> ids) {
    auto store = store::Store::open(db_);
    return load_runs(*store, ids);
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    db_ = dir_.filePath("runs.sqlite").toStdString();
    run_ = test::write_run(db_, 20);
    run2_ = test::write_run(db_, 12, 1000, "test-counter", 2.5);
    ModuleInfo info;
    info.id = "test-counter";
    info.metrics = {{"cost", "J", Direction::Minimize, ""}, {"loss", "", Direction::Minimize, ""}};
    info.default_objectives = {"cost", "loss"};
    catalog_.add(info);
  }

  void paretoFrontHoverAndClick() {
    ParetoView view;
    view.resize(800, 600);
    view.setRuns(runs({run_}), catalog_);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();
    // Feasible points with i % 4 != 3 lie on the front (x = i ascending, y descending).
    std::size_t expected = 0;
    for (int i = 0; i < 20; ++i) expected += (i % 4 != 3 && i % 7 != 6);
    QCOMPARE(view.front().size(), expected);
    QVERIFY(view.hypervolume() > 0);
    const int target = static_cast<int>(view.front()[2]);
    const QPoint px = view.pixelOf(target);
    QCOMPARE(view.pointAt(px), target);
    QMouseEvent move(QEvent::MouseMove, px, view.plot()->mapToGlobal(px), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view.plot(), &move);
    QCOMPARE(view.hoveredIndex(), target);
    QVERIFY2(view.hoverText().contains(QString("run %1").arg(run_)), qPrintable(view.hoverText()));
    QVERIFY(view.hoverText().contains("i = 2"));
    QVERIFY(view.hoverText().contains("cost"));
    QSignalSpy spy(&view, &ParetoView::pointSelected);
    QMouseEvent press(QEvent::MouseButtonPress, px, view.plot()->mapToGlobal(px), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QMouseEvent release(QEvent::MouseButtonRelease, px, view.plot()->mapToGlobal(px), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view.plot(), &press);
    QApplication::sendEvent(view.plot(), &release);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), run_);
    QCOMPARE(spy.at(0).at(1).toLongLong(), static_cast<qlonglong>(view.points()[target].seq));
    QCOMPARE(view.selectedIndex(), target);
    // Far from every point: nothing hovered.
    QMouseEvent away(QEvent::MouseMove, QPoint(2, 2), view.plot()->mapToGlobal(QPoint(2, 2)), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view.plot(), &away);
    QCOMPARE(view.hoveredIndex(), -1);
  }

  void paretoFrontPerRunAndLegendOutOfTheWay() {
    ParetoView view;
    view.resize(800, 600);
    view.setRuns(runs({run_, run2_}), catalog_);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // A front per run (the default with several runs): run_'s is its front alone.
    ParetoView alone;
    alone.resize(800, 600);
    alone.setRuns(runs({run_}), catalog_);
    const auto& fronts = view.fronts();
    QCOMPARE(fronts.size(), std::size_t(2));
    QCOMPARE(fronts[0].run, static_cast<qint64>(run_));
    QCOMPARE(fronts[1].run, static_cast<qint64>(run2_));
    QCOMPARE(fronts[0].points.size(), alone.front().size());
    QCOMPARE(fronts[0].name, QString("run %1").arg(run_));
    for (const auto& f : fronts) {
      QVERIFY(!f.points.empty());
      for (auto i : f.points) QCOMPARE(view.points()[i].run_id, static_cast<std::int64_t>(f.run));
      QVERIFY(f.hypervolume > 0 && f.hypervolume <= view.hypervolume() + 1e-9);
    }
    QCOMPARE(view.front().size(), fronts[0].points.size() + fronts[1].points.size());
    QCOMPARE(view.plot()->legend->itemCount(), 4);  // dominated, infeasible, two fronts
    QCOMPARE(view.plot()->graphCount(), 6);          // and the selection and hover markers
    QVERIFY(view.csv().contains(QString(",1,%1\n").arg(run2_)));  // a point on run2_'s own front
    // One front over both runs: no point on it is dominated by any point shown.
    view.setFrontPerRun(false);
    QCOMPARE(view.fronts().size(), std::size_t(1));
    QCOMPARE(view.fronts()[0].name, QString("non-dominated"));
    QCOMPARE(view.plot()->legend->itemCount(), 3);  // the second run's front is gone, legend entry too
    QCOMPARE(view.plot()->graphCount(), 5);
    QVERIFY(view.csv().contains(",all\n"));
    QVERIFY(!view.csv().contains(QString(",%1\n").arg(run2_)));
    const auto all = view.front();
    std::vector<analysis::ObjPoint> pts;
    for (const auto& p : view.points()) pts.push_back({metric_value(p, "cost"), metric_value(p, "loss"), p.feasible});
    for (auto i : all)
      for (std::size_t j = 0; j < pts.size(); ++j)
        QVERIFY(!(pts[j].feasible && pts[j].x <= pts[i].x && pts[j].y <= pts[i].y && (pts[j].x < pts[i].x || pts[j].y < pts[i].y)));
    QVERIFY(std::abs(view.fronts()[0].hypervolume - view.hypervolume()) < 1e-9);
    view.setFrontPerRun(true);
    QCOMPARE(view.fronts().size(), std::size_t(2));
    QCOMPARE(view.plot()->legend->itemCount(), 4);
    QCOMPARE(view.plot()->graphCount(), 6);
    // Minimising both, the points run from top left to bottom right: the legend stays top right.
    auto corner = [&] { return view.plot()->axisRect()->insetLayout()->insetAlignment(0); };
    QCOMPARE(corner(), Qt::AlignTop | Qt::AlignRight);
    // The same metric on both axes puts every point on the diagonal, through the top right: the
    // legend moves to an empty corner.
    QVERIFY(view.setObjectives("cost", Direction::Minimize, "cost", Direction::Minimize));
    QCOMPARE(corner(), Qt::AlignTop | Qt::AlignLeft);
    QCOMPARE(view.legendCorner(), corner());
    // Back to the spread-out objectives, and a resize: placed again after the layout.
    QVERIFY(view.setObjectives("cost", Direction::Minimize, "loss", Direction::Minimize));
    QCOMPARE(corner(), Qt::AlignTop | Qt::AlignRight);
    view.resize(500, 900);
    QTest::qWait(50);
    QCOMPARE(corner(), view.legendCorner());
  }

  void paretoSinglePointAxesStayPositive() {
    // One run with one point (a kv-store run: 1 MiB, ~19,753 ops/s): the axes must frame the
    // point without reaching below zero (QCustomPlot alone spans -3..5 MiB around a lone point).
    std::int64_t id = 0;
    {
      auto store = store::Store::open(db_);
      store::NewRun nr = test::new_run("test-counter");
      nr.params = {{"steps", 1}};
      auto w = store->start_run(nr);
      id = w->run_id();
      Point p;
      p.config = {{"i", 0}};
      p.metrics = {{"cost", 1.0}, {"loss", 19753.0}};
      w->point(p);
      w->finish(RunStatus::Completed, "");
    }
    ParetoView view;
    view.resize(800, 600);
    view.setRuns(runs({id}), catalog_);
    const QCPRange x = view.plot()->xAxis->range(), y = view.plot()->yAxis->range();
    QVERIFY2(x.lower > 0 && x.contains(1.0) && x.upper < 2, qPrintable(QString("x %1..%2").arg(x.lower).arg(x.upper)));
    QVERIFY2(y.lower > 0 && y.contains(19753.0), qPrintable(QString("y %1..%2").arg(y.lower).arg(y.upper)));
  }

  void paretoDirectionsAndTopK() {
    ParetoView view;
    view.resize(800, 600);
    view.setRuns(runs({run_}), catalog_);
    QVERIFY(view.setObjectives("cost", Direction::Maximize, "loss", Direction::Maximize));
    // Maximising both: the largest cost (i = 19) and the largest loss (i = 0, and i=3 with +5?) survive.
    for (auto i : view.front()) QVERIFY(view.points()[i].feasible);
    QVERIFY(!view.setObjectives("nope", Direction::Minimize, "loss", Direction::Minimize));
    view.setTopK(3);
    const QString csv = view.csv();
    QCOMPARE(csv.count('\n'), 4);  // header + 3 points
  }

  void exportsWriteReadableFiles_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("pareto") << "pareto";
    QTest::newRow("history") << "history";
    QTest::newRow("parallel") << "parallel";
    QTest::newRow("trace") << "trace:power";
  }

  void exportsWriteReadableFiles() {
    QFETCH(QString, kind);
    ExportOptions o{640, 400, 192};
    QString error;
    auto view = make_plot_view(kind, db_, runs({run_, run2_}), catalog_, o, &error);
    QVERIFY2(view, qPrintable(error));
    const QString base = dir_.filePath(kind.replace(':', '_'));
    QVERIFY2(view->exportTo(base + ".png", o, &error), qPrintable(error));
    QImage png(base + ".png");
    QVERIFY(!png.isNull());
    QCOMPARE(png.width(), 640 * 2);  // 192 dpi = twice the logical size
    QCOMPARE(png.height(), 400 * 2);
    QVERIFY(png.dotsPerMeterX() > 7000);  // ~192 dpi recorded
    QVERIFY2(view->exportTo(base + ".pdf", o, &error), qPrintable(error));
    QFile pdf(base + ".pdf");
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("%%EOF"));
    QVERIFY2(view->exportTo(base + ".svg", o, &error), qPrintable(error));
    QSvgRenderer svg(base + ".svg");
    QVERIFY(svg.isValid());
    QCOMPARE(svg.viewBox().size(), QSize(640, 400));
    QVERIFY2(view->exportTo(base + ".csv", o, &error), qPrintable(error));
    QFile csv(base + ".csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readAll().count('\n') > 5);
    QVERIFY(!view->exportTo(base + ".gif", o, &error));
    QVERIFY(error.contains("gif"));
  }

  void unknownPlotKindIsAnError() {
    QString error;
    QVERIFY(!make_plot_view("pie", db_, runs({run_}), catalog_, {}, &error));
    QVERIFY(error.contains("pareto"));
    QVERIFY(!make_plot_view("trace:nope", db_, runs({run_}), catalog_, {}, &error));
    QVERIFY(error.contains("power"));
  }

  void traceKeepsTheSpikeAndReducesToScreen() {
    TraceView view;
    view.resize(1000, 500);
    view.setStoreFile(db_);
    view.setTraces({{run_, "power"}});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.reload();
    auto* plot = view.findChild<QCustomPlot*>();
    QVERIFY(plot && plot->axisRectCount() == 1);
    QCOMPARE(plot->axisRect(0)->axis(QCPAxis::atBottom)->label(), QString("time (s)"));
    const auto drawn = view.pointsDrawn();
    QCOMPARE(drawn.size(), std::size_t(1));
    QVERIFY2(drawn[0] <= 1100, qPrintable(QString::number(drawn[0])));  // buckets, not 10000 samples
    QVERIFY2(view.statistics().contains("max 1000"), qPrintable(view.statistics()));
    QVERIFY(view.statistics().contains("10000 samples"));
    // Zoom to a window that excludes the spike: the max falls back to the sine.
    view.setTimeRange(0.0, 2.0);
    QVERIFY(!view.statistics().contains("max 1000"));
    QVERIFY(view.statistics().contains("2001 samples"));
    view.setCursorA(1.0);
    view.setCursorB(1.5);
    QVERIFY2(view.statistics().contains("B - A = 0.5"), qPrintable(view.statistics()));
    // One x axis: the lines do not name it.
    QVERIFY(view.statistics().contains("\nwindow 0 .. 2 (2)\nA = 1, B = 1.5, B - A = 0.5"));
    QVERIFY(!view.statistics().contains("time (s)"));
  }

  void traceAxisSaysWhatTIs() {
    // A series declared with its own x axis (the energy tuner's best-so-far per evaluation).
    QTemporaryDir dir;
    const std::filesystem::path db = dir.filePath("runs.sqlite").toStdString();
    const std::int64_t id = write_per_evaluation_run(db);
    TraceView view;
    view.resize(800, 400);
    view.setStoreFile(db);
    view.setTraces({{id, "best_energy_mj"}});
    view.reload();
    auto* plot = view.findChild<QCustomPlot*>();
    QVERIFY(plot && plot->axisRectCount() == 1);
    QCOMPARE(plot->axisRect(0)->axis(QCPAxis::atBottom)->label(), QString("evaluation"));
    QCOMPARE(plot->axisRect(0)->axis(QCPAxis::atLeft)->label(), QString("[mJ]"));
  }

  void panelsOfDifferentXAxesKeepTheirOwnWindow() {
    // Two timed traces and one per evaluation in one view: the timed panels pan together, the
    // per-evaluation one keeps its own window, cursors and crosshair.
    QTemporaryDir dir;
    const std::filesystem::path db = dir.filePath("runs.sqlite").toStdString();
    const auto timed = test::write_run(db, 5);         // power over 0 .. 9.999 s
    const auto timed2 = test::write_run(db, 5, 1000);  // power over 0 .. 0.999 s
    const std::int64_t tuned = write_per_evaluation_run(db);
    TraceView view;
    view.resize(900, 900);
    view.setStoreFile(db);
    view.setTraces({{timed, "power"}, {tuned, "best_energy_mj"}, {timed2, "power"}});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.axes(), (QStringList{"time (s)", "evaluation"}));
    auto* plot = view.findChild<QCustomPlot*>();
    QVERIFY(plot && plot->axisRectCount() == 3);
    auto range = [&](int i) { return plot->axisRect(i)->axis(QCPAxis::atBottom)->range(); };
    QCOMPARE(range(0).upper, 9.999);
    QCOMPARE(range(2).upper, 9.999);
    QCOMPARE(range(1).lower, 1.0);
    QCOMPARE(range(1).upper, 4.0);
    QVERIFY2(view.statistics().contains("evaluation: window 1 .. 4 (3)"), qPrintable(view.statistics()));

    // A drag or zoom on a timed panel (what the mouse does: it sets that axis' range).
    plot->axisRect(0)->axis(QCPAxis::atBottom)->setRange(0, 2);
    QCOMPARE(range(2).upper, 2.0);  // the other timed panel follows
    QCOMPARE(range(1).lower, 1.0);  // the per-evaluation panel does not
    QCOMPARE(range(1).upper, 4.0);
    view.reload();
    QVERIFY2(view.statistics().contains("time (s): window 0 .. 2 (2)"), qPrintable(view.statistics()));
    QVERIFY(view.statistics().contains("evaluation: window 1 .. 4 (3)"));
    QCOMPARE(view.pointsDrawn()[1], std::size_t(4));

    view.setTimeRange(2, 3, "evaluation");
    QCOMPARE(range(0).upper, 2.0);
    QVERIFY(view.statistics().contains("best_energy_mj (run " + QString::number(tuned) + "): 2 samples visible, min 7, max 7"));
    view.setCursorA(2, "evaluation");
    view.setCursorB(3, "evaluation");
    QVERIFY2(view.statistics().contains("evaluation: A = 2, B = 3, B - A = 1"), qPrintable(view.statistics()));
    QVERIFY(!view.statistics().contains("time (s): A ="));

    // The crosshair over the per-evaluation panel reads its axis, not seconds.
    plot->replot();
    const QPoint over = plot->axisRect(1)->rect().center();
    QMouseEvent move(QEvent::MouseMove, QPointF(over), QPointF(plot->mapToGlobal(over)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    auto* cursor = view.findChild<QLabel*>("traceCursor");
    QVERIFY(cursor);
    QVERIFY2(cursor->text().startsWith("evaluation = 2."), qPrintable(cursor->text()));
    QVERIFY(cursor->text().contains("best_energy_mj = 7"));
    QVERIFY(!cursor->text().contains("power"));
    auto crosshairs = [&] {  // the visible dashed lines, by the panel they are drawn in
      std::vector<int> in;
      for (int i = 0; i < plot->itemCount(); ++i) {
        auto* line = qobject_cast<QCPItemStraightLine*>(plot->item(i));
        if (!line || !line->visible() || line->pen().style() != Qt::DashLine) continue;
        for (int r = 0; r < plot->axisRectCount(); ++r)
          if (line->clipAxisRect() == plot->axisRect(r)) in.push_back(r);
      }
      return in;
    };
    QCOMPARE(crosshairs(), std::vector<int>{1});
    // Over a panel's title there is no t: no crosshair anywhere.
    const QPoint title(over.x(), plot->axisRect(1)->outerRect().top() - 4);
    QMouseEvent off(QEvent::MouseMove, QPointF(title), QPointF(plot->mapToGlobal(title)), Qt::NoButton, Qt::NoButton,
                    Qt::NoModifier);
    QApplication::sendEvent(plot, &off);
    QCOMPARE(crosshairs(), std::vector<int>{});
    // Over a timed panel, both timed panels show it.
    const QPoint timedPanel = plot->axisRect(2)->rect().center();
    QMouseEvent overTimed(QEvent::MouseMove, QPointF(timedPanel), QPointF(plot->mapToGlobal(timedPanel)), Qt::NoButton,
                          Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(plot, &overTimed);
    QCOMPARE(crosshairs(), (std::vector<int>{0, 2}));
    QVERIFY2(cursor->text().startsWith("time (s) = "), qPrintable(cursor->text()));
  }

  void aGrowingTraceKeepsAZoomedWindowAndFollowsAWholeOne() {
    // A running run (the main window calls refresh() as it polls): an x axis that showed all of
    // its series keeps showing all as they grow; one the user zoomed stays where it is.
    QTemporaryDir dir;
    const std::filesystem::path db = dir.filePath("runs.sqlite").toStdString();
    auto store = store::Store::open(db);
    auto w = store->start_run(test::new_run("energy-tuner"));
    w->declare_series("power", "W");
    w->declare_series("best_energy_mj", "mJ", "evaluation");
    w->declare_series("later", "W");  // no samples yet: each refresh() rebuilds until it has some
    auto add = [&](const std::string& series, double from, double to) {
      std::vector<double> t, v;
      for (double x = from; x <= to; x += 1) {
        t.push_back(x);
        v.push_back(x);
      }
      w->trace(series, t, v);
      w->flush();
    };
    add("power", 0, 9);
    add("best_energy_mj", 1, 3);
    TraceView view;
    view.resize(800, 600);
    view.setStoreFile(db);
    view.setTraces({{w->run_id(), "power"}, {w->run_id(), "best_energy_mj"}, {w->run_id(), "later"}});
    QCOMPARE(view.pointsDrawn().size(), std::size_t(2));
    QVERIFY2(view.statistics().contains("time (s): window 0 .. 9 (9)"), qPrintable(view.statistics()));
    view.setTimeRange(2, 5, "time (s)");
    view.setCursorA(3, "time (s)");
    view.setTimeRange(7, 8, "no such axis");  // changes nothing
    add("power", 10, 19);
    add("best_energy_mj", 4, 6);
    view.refresh();
    QVERIFY2(view.statistics().contains("time (s): window 2 .. 5 (3)"), qPrintable(view.statistics()));
    QVERIFY(view.statistics().contains("time (s): A = 3,"));
    QVERIFY(view.statistics().contains("evaluation: window 1 .. 6 (5)"));
    QVERIFY(view.statistics().contains("best_energy_mj (run " + QString::number(w->run_id()) + "): 6 samples visible"));
    add("later", 0, 30);  // the third panel appears; the zoomed window and the cursor stay
    add("best_energy_mj", 7, 7);
    view.refresh();
    QCOMPARE(view.pointsDrawn().size(), std::size_t(3));
    QVERIFY2(view.statistics().contains("time (s): window 2 .. 5 (3)"), qPrintable(view.statistics()));
    QVERIFY(view.statistics().contains("time (s): A = 3,"));
    QVERIFY(view.statistics().contains("evaluation: window 1 .. 7 (6)"));
    // A new selection starts over: the whole range, no cursors.
    view.setTraces({{w->run_id(), "later"}, {w->run_id(), "best_energy_mj"}});
    QVERIFY2(view.statistics().contains("time (s): window 0 .. 30 (30)"), qPrintable(view.statistics()));
    QVERIFY(!view.statistics().contains("A = "));
    w->finish(RunStatus::Completed);
  }

  void historyBestSoFarAndOverlay() {
    HistoryView view;
    view.setRuns(runs({run_, run2_}), catalog_);
    QVERIFY(view.setMetric("loss", Direction::Minimize));
    const auto best = view.bestSoFar(0);
    QCOMPARE(best.size(), std::size_t(20));
    for (std::size_t i = 1; i < best.size(); ++i) QVERIFY(best[i] <= best[i - 1]);
    QVERIFY(qFuzzyCompare(best.back(), 1.0 / 20));  // i = 18 (i = 19 carries the +5 penalty)
    QCOMPARE(view.bestSoFar(1).size(), std::size_t(12));
  }

  void parallelBrushing() {
    ParallelView view;
    view.setRuns(runs({run_}), catalog_);
    const auto dims = view.dimensions();
    QVERIFY(dims.contains("i"));
    QVERIFY(dims.contains("cost"));
    QCOMPARE(view.brushedCount(), 20);
    view.setBrush(static_cast<int>(dims.indexOf("i")), 0, 4);
    QCOMPARE(view.brushedCount(), 5);
    view.clearBrushes();
    QCOMPARE(view.brushedCount(), 20);
  }

  void undeclaredMetricsGetAGuessedDirectionAndUnit() {
    QCOMPARE(guess_meta("norm_perf").direction, Direction::Maximize);
    QCOMPARE(guess_meta("throughput_qps").direction, Direction::Maximize);
    QCOMPARE(guess_meta("power_w").direction, Direction::Minimize);
    QCOMPARE(guess_meta("power_w").unit, std::string("W"));
    QCOMPARE(guess_meta("latency_ms").unit, std::string("ms"));
    QVERIFY(!guess_meta("power_w").known);
    QCOMPARE(catalog_.meta("test-counter", "cost").unit, std::string("J"));  // declared wins
  }

  void compareHighlightsDifferingParameters() {
    CompareTable table;
    table.setRuns(runs({run_, run2_}));
    const auto diff = table.differingParameters();
    QVERIFY(diff.contains("rate"));
    QVERIFY(diff.contains("steps"));
    QCOMPARE(table.columnCount(), 3);
  }

  void reportHtmlAndPdf() {
    QString error;
    const QString html = dir_.filePath("r.html"), pdf = dir_.filePath("r.pdf");
    QVERIFY2(write_report(db_, runs({run_, run2_}), catalog_, html, &error), qPrintable(error));
    QFile h(html);
    QVERIFY(h.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(h.readAll());
    QVERIFY(text.contains("data:image/png;base64,"));
    QVERIFY(text.contains("simulated:test"));
    QVERIFY(text.contains("Comparison"));
    QVERIFY2(write_report(db_, runs({run_}), catalog_, pdf, &error), qPrintable(error));
    QFile p(pdf);
    QVERIFY(p.open(QIODevice::ReadOnly));
    const QByteArray bytes = p.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("/Image"));  // the plots are in the pages
  }

  void runsModelSeesAnotherConnection() {
    RunsModel model;
    model.setPollInterval(50);
    model.setStoreFile(db_);
    const int before = model.rowCount();
    const auto id = test::write_run(db_, 3, 10);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(id) >= 0, 5000);
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(model.data(model.index(model.rowOf(id), RunsModel::Status), Qt::DisplayRole).toString(), QString("completed"));
    store::RunFilter f;
    f.text = "no-such-text";
    model.setFilter(f);
    QCOMPARE(model.rowCount(), 0);
  }

  void runsModelPollKeepsAnOpenTagEditor() {
    // A run in progress makes the model reload every poll; an open tag editor must survive that.
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "live.sqlite";
    test::write_run(db, 3, 10);
    auto store = store::Store::open(db);
    store::NewRun nr;
    nr.module = "test-counter";
    nr.module_version = "1.2.3";
    nr.target = "simulated:test";
    auto writer = store->start_run(nr);
    writer->progress(0.1, "starting");

    RunsTable table;
    table.model()->setPollInterval(20);
    table.model()->setStoreFile(db);
    auto* view = table.findChild<QTableView*>();
    QVERIFY(view);
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));
    const int row = table.model()->rowOf(writer->run_id());
    QVERIFY(row >= 0);
    auto* proxy = view->model();
    QModelIndex tags;
    for (int r = 0; r < proxy->rowCount(); ++r)
      if (proxy->index(r, RunsModel::Id).data(Qt::UserRole).toLongLong() == writer->run_id())
        tags = proxy->index(r, RunsModel::Tags);
    QVERIFY(tags.isValid());
    view->setCurrentIndex(tags);
    view->edit(tags);
    QPointer<QLineEdit> editor = view->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    editor->setText("half-typed");
    for (int i = 1; i <= 5; ++i) {
      writer->progress(0.1 + 0.1 * i, "working");
      QTest::qWait(60);  // several polls, each seeing new progress
    }
    const int progress_row = table.model()->rowOf(writer->run_id());
    QVERIFY(table.model()->data(table.model()->index(progress_row, RunsModel::Progress), Qt::DisplayRole)
                .toString()
                .contains("60"));
    QVERIFY2(editor, "the poll closed the open tag editor");
    QVERIFY(editor->isVisible());
    QCOMPARE(editor->text(), QString("half-typed"));
  }
};

QTEST_MAIN(WidgetTest)
#include "widget_test.moc"
