// Variability views (offscreen): box plots whose boxes are core/stats' quartiles and whiskers,
// outliers named on hover, the scatter's correlation and outlier labels, the ranking's order,
// the views by name from plot_factory (PNG and CSV), the main window's tab, and a real
// variability-profiler run whose stored quartiles, outlier counts and correlations the views match.
#include <QFileInfo>
#include <QImage>
#include <QMouseEvent>
#include <QProcess>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

#include "app/gui/main_window.h"
#include "core/stats/correlation.h"
#include "core/stats/outliers.h"
#include "test_store.h"
#include "widgets/plot_factory.h"
#include "widgets/variability_box_view.h"
#include "widgets/variability_panel.h"
#include "widgets/variability_ranking_view.h"
#include "widgets/variability_scatter_view.h"

using namespace plab;
using namespace plab::widgets;

namespace {

struct Dev {
  std::string id;
  double perf, power, clock;
};

// Devices of one application: a smooth spread around 1, one slow and one fast device far out.
std::vector<Dev> devices(int n, double shift) {
  std::vector<Dev> out;
  for (int i = 0; i < n; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "gpu-%02d", i);
    double perf = 1 + 0.03 * std::sin(1.7 * i + shift);
    if (i == 7) perf = 0.70;
    if (i == 19) perf = 1.22;
    const double power = 250 - 120 * (perf - 1) + 3 * std::cos(2.3 * i);
    const double clock = 1400 + 900 * (perf - 1) + 10 * std::sin(3.1 * i);
    out.push_back({id, perf, power, clock});
  }
  return out;
}

// A variability-profiler run as the module stores it: one point per (application, device), the
// outlier flag from the Tukey fences of the normalised duration, rank 1 = fastest.
std::int64_t write_var_run(const std::filesystem::path& db, const std::string& cluster,
                           const std::vector<std::string>& apps, int n) {
  auto store = store::Store::open(db);
  store::NewRun nr;
  nr.module = kVariabilityModule;
  nr.module_version = "1.0.0";
  nr.target = "cluster:" + cluster;
  nr.seed = 1;
  nr.params = nlohmann::json::object();
  nr.environment = {{"origin", "test"}};
  auto w = store->start_run(nr);
  double shift = 0;
  for (const auto& app : apps) {
    const auto devs = devices(n, shift += 0.5);
    std::vector<double> dur;
    for (const auto& d : devs) dur.push_back(1 / d.perf);
    const auto flags = stats::tukey_outliers(dur);
    const auto ranks = stats::ranks(dur);
    for (std::size_t i = 0; i < devs.size(); ++i) {
      Point p;
      p.config = {{"application", app}, {"device", devs[i].id}, {"node", "n" + std::to_string(i / 4)}, {"cluster", cluster}};
      p.metrics = {{"norm_perf", devs[i].perf}, {"norm_duration", dur[i]}, {"outlier", flags[i] ? 1.0 : 0.0},
                   {"rank", ranks[i]}, {"frequency_mhz", devs[i].clock}};
      if (i != 3) p.metrics["power_w"] = devs[i].power;  // one device without a power reading
      p.label = flags[i] ? "outlier" : "";
      w->point(p);
    }
  }
  w->metric("variation_pct", 8.0);
  w->finish(RunStatus::Completed);
  return w->run_id();
}

void hover(QCustomPlot* plot, const QPoint& px) {
  QMouseEvent move(QEvent::MouseMove, px, plot->mapToGlobal(px), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(plot, &move);
}

int pickOf(const VarPlotView& v, const QString& device) {
  for (int i = 0; i < v.pickableCount(); ++i)
    if (v.pickName(i) == device) return i;
  return -1;
}

}  // namespace

class VariabilityViewTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::filesystem::path db_;
  std::int64_t summit_ = 0, vortex_ = 0, counter_ = 0;

  std::vector<RunData> runs(std::vector<std::int64_t> ids) {
    auto store = store::Store::open(db_);
    return load_runs(*store, ids);
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    db_ = dir_.filePath("runs.sqlite").toStdString();
    summit_ = write_var_run(db_, "summit", {"sgemm", "pagerank"}, 30);
    vortex_ = write_var_run(db_, "vortex", {"sgemm"}, 12);
    counter_ = test::write_run(db_, 5, 100);
  }

  void boxesAreTheStatsQuartiles() {
    VariabilityBoxView view;
    view.resize(900, 600);
    view.setRuns(runs({summit_}));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.boxCount(), 2);
    auto* boxes = qobject_cast<QCPStatisticalBox*>(view.plot()->plottable(1));
    QVERIFY(boxes);
    QCOMPARE(boxes->dataCount(), 2);
    for (int i = 0; i < 2; ++i) {
      std::vector<double> perf;
      for (const auto& d : devices(30, 0.5 * (i + 1))) perf.push_back(d.perf);
      const auto want = stats::box_stats(perf);
      const auto& got = view.box(i);
      QCOMPARE(got.q1, want.q1);
      QCOMPARE(got.median, want.median);
      QCOMPARE(got.q3, want.q3);
      QCOMPARE(got.lower_whisker, want.lower_whisker);
      QCOMPARE(got.upper_whisker, want.upper_whisker);
      // What is drawn is those numbers.
      const auto drawn = boxes->data()->at(i);
      QCOMPARE(drawn->key, i + 1.0);
      QCOMPARE(drawn->lowerQuartile, want.q1);
      QCOMPARE(drawn->median, want.median);
      QCOMPARE(drawn->upperQuartile, want.q3);
      QCOMPARE(drawn->minimum, want.lower_whisker);
      QCOMPARE(drawn->maximum, want.upper_whisker);
      // Single points: exactly the devices beyond the whiskers plus the module's outliers.
      QStringList expected;
      for (const auto& d : devices(30, 0.5 * (i + 1)))
        if (d.perf < want.lower_fence || d.perf > want.upper_fence) expected << QString::fromStdString(d.id);
      QStringList names = view.pointNames(i);
      names.sort();
      QCOMPARE(names, expected);
      QVERIFY(names.contains("gpu-07") && names.contains("gpu-19"));
    }
    // The x axis names the applications, with their device and outlier counts.
    auto ticker = view.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(ticker);
    QVERIFY(ticker->ticks().value(1).startsWith("sgemm\n30 devices, 2 outliers"));
    QVERIFY(ticker->ticks().value(2).startsWith("pagerank"));
    // Hovering the slow outlier names it.
    const int pick = pickOf(view, "gpu-07");
    QVERIFY(pick >= 0);
    hover(view.plot(), view.pixelOf(pick));
    QCOMPARE(view.hoveredIndex(), pick);
    QVERIFY2(view.hoverText().contains("device gpu-07"), qPrintable(view.hoverText()));
    QVERIFY(view.hoverText().contains("OUTLIER"));
    hover(view.plot(), QPoint(3, 3));
    QCOMPARE(view.hoveredIndex(), -1);
    // The durations view: boxes of norm_duration.
    QVERIFY(view.setMetric("norm_duration"));
    std::vector<double> dur;
    for (const auto& d : devices(30, 0.5)) dur.push_back(1 / d.perf);
    QCOMPARE(view.box(0).q3, stats::box_stats(dur).q3);
    QVERIFY(!view.setMetric("power_w"));
    // CSV: a header and one row per box with its quartiles.
    const QStringList rows = view.csv().trimmed().split('\n');
    QCOMPARE(rows.size(), 3);
    QVERIFY(rows[0].startsWith("run_id,population,application,metric,devices,q1,median,q3"));
    QVERIFY(rows[1].contains(",summit,sgemm,norm_duration,30,"));
    QVERIFY(rows[1].contains("gpu-07"));
  }

  void boxPerPopulation() {
    VariabilityBoxView view;
    view.resize(900, 600);
    view.setRuns(runs({summit_, vortex_, counter_}));
    QCOMPARE(view.boxCount(), 3);
    QCOMPARE(view.groups()[0].name, QString("summit · sgemm"));
    QCOMPARE(view.groups()[1].name, QString("summit · pagerank"));
    QCOMPARE(view.groups()[2].name, QString("vortex · sgemm"));
    QCOMPARE(static_cast<int>(view.groups()[2].devices.size()), 12);
  }

  void scatterCorrelationAndLabels() {
    VariabilityScatterView view;
    view.resize(900, 600);
    view.setRuns(runs({summit_}));
    QCOMPARE(view.availableSensors(), (QStringList{"power_w", "frequency_mhz"}));
    QVERIFY(view.setSensor("power"));
    QVERIFY(!view.setSensor("voltage"));
    std::vector<double> x, y;
    for (const auto& d : devices(30, 0.5))
      if (d.id != "gpu-03") {
        x.push_back(d.power);
        y.push_back(d.perf);
      }
    const auto want = stats::pearson(x, y);
    QCOMPARE(view.correlation(0).n, std::size_t{29});
    QVERIFY(std::fabs(view.correlation(0).r - want.r) < 1e-12);
    QVERIFY(view.correlation(0).r < -0.9);  // power falls as performance rises in the fixture
    // The legend states r with its interval for each application.
    bool legend = false;
    for (int i = 0; i < view.plot()->graphCount(); ++i)
      legend = legend || view.plot()->graph(i)->name().startsWith(QString("sgemm: r = %1 [").arg(want.r, 0, 'f', 3));
    QVERIFY(legend);
    // Every module outlier is labelled, as a text item on the plot.
    QStringList labelled = view.labelledDevices();
    labelled.removeDuplicates();
    QVERIFY(labelled.contains("gpu-07") && labelled.contains("gpu-19"));
    QStringList texts;
    for (int i = 0; i < view.plot()->itemCount(); ++i)
      if (auto* t = qobject_cast<QCPItemText*>(view.plot()->item(i))) texts << t->text();
    QCOMPARE(texts.size(), view.labelledDevices().size());
    QVERIFY(texts.contains("gpu-07"));
    // Clock on x; one application only.
    QVERIFY(view.setSensor("frequency_mhz"));
    QVERIFY(view.plot()->xAxis->label().contains("clock"));
    QVERIFY(view.setGroup(1));
    const QStringList rows = view.csv().trimmed().split('\n');
    QCOMPARE(rows.size(), 31);
    QCOMPARE(rows[0], QString("run_id,population,application,device,node,norm_perf,frequency_mhz,outlier"));
    QVERIFY(rows[8].contains(",pagerank,gpu-07,") && rows[8].endsWith(",1"));
    QVERIFY(!view.setGroup(5));
  }

  void rankingSlowestFirst() {
    VariabilityRankingView view;
    view.resize(900, 600);
    view.setRuns(runs({summit_}));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.setGroupByName("pagerank"));
    QCOMPARE(view.group(), 1);
    const auto& g = view.groups()[1];
    QCOMPARE(view.order().size(), std::size_t{30});
    for (std::size_t i = 1; i < view.order().size(); ++i)
      QVERIFY(g.devices[view.order()[i - 1]].norm_perf <= g.devices[view.order()[i]].norm_perf);
    QCOMPARE(g.devices[view.order().front()].device, std::string("gpu-07"));
    QCOMPARE(g.devices[view.order().back()].device, std::string("gpu-19"));
    // Slowest first is the module's rank (1 = fastest) read backwards.
    for (std::size_t i = 0; i < view.order().size(); ++i) QCOMPARE(g.devices[view.order()[i]].rank, 30.0 - i);
    // Outliers are the red bars and are named.
    auto* red = qobject_cast<QCPBars*>(view.plot()->plottable(2));
    QVERIFY(red && red->name().startsWith("outliers"));
    QCOMPARE(red->dataCount(), 2);
    QCOMPARE(red->data()->at(0)->key, 1.0);
    QCOMPARE(red->data()->at(1)->key, 30.0);
    // Each bar reaches the device's normalised performance from the median line (base 1).
    QCOMPARE(red->baseValue() + red->data()->at(0)->value, g.devices[view.order().front()].norm_perf);
    QCOMPARE(red->baseValue() + red->data()->at(1)->value, g.devices[view.order().back()].norm_perf);
    QCOMPARE(view.labelledDevices(), (QStringList{"gpu-07", "gpu-19"}));
    // 30 devices: each tick names its device.
    auto ticker = view.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().value(1), QString("gpu-07"));
    // Hover anywhere over the first bar names its device.
    QPoint px = view.pixelOf(0);
    px.setY(view.plot()->yAxis->coordToPixel(1.0) + 5);
    hover(view.plot(), px);
    QVERIFY2(view.hoverText().contains("device gpu-07"), qPrintable(view.hoverText()));
    const QStringList rows = view.csv().trimmed().split('\n');
    QCOMPARE(rows.size(), 31);
    QVERIFY(rows[1].startsWith(QString("1,%1,summit,pagerank,gpu-07,").arg(summit_)));
    QVERIFY(rows[1].endsWith(",30,1"));
  }

  void plotFactoryExports_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("csvHeader");
    QTest::newRow("box") << "box" << "run_id,population,application,metric";
    QTest::newRow("scatter:power") << "scatter:power" << "run_id,population,application,device,node,norm_perf,power_w";
    QTest::newRow("scatter:clock") << "scatter:clock" << "run_id,population,application,device,node,norm_perf,frequency_mhz";
    QTest::newRow("scatter:clock:sgemm") << "scatter:clock:sgemm" << "run_id,population,application,device";
    QTest::newRow("ranking") << "ranking" << "position,run_id";
    QTest::newRow("ranking:pagerank") << "ranking:pagerank" << "position,run_id";
  }

  void plotFactoryExports() {
    QFETCH(QString, kind);
    QFETCH(QString, csvHeader);
    const ExportOptions o{700, 450, 96};
    QString error;
    auto view = make_plot_view(kind, db_, runs({summit_}), MetricCatalog(), o, &error);
    QVERIFY2(view, qPrintable(error));
    const QString base = dir_.filePath(QString(kind).replace(':', '_'));
    QVERIFY2(view->exportTo(base + ".png", o, &error), qPrintable(error));
    QImage png(base + ".png");
    QCOMPARE(png.size(), QSize(700, 450));
    QVERIFY2(view->exportTo(base + ".csv", o, &error), qPrintable(error));
    QFile f(base + ".csv");
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(f.readLine()).startsWith(csvHeader));
    if (kind == "ranking:pagerank") QVERIFY(QString::fromUtf8(f.readLine()).contains(",pagerank,gpu-07,"));
  }

  void plotFactoryRefuses() {
    QString error;
    QVERIFY(!make_plot_view("scatter:voltage", db_, runs({summit_}), MetricCatalog(), {}, &error));
    QVERIFY2(error.contains("scatter:power"), qPrintable(error));
    QVERIFY(!make_plot_view("scatter:temperature", db_, runs({summit_}), MetricCatalog(), {}, &error));
    QVERIFY2(error.contains("no device reports temperature_c"), qPrintable(error));
    QVERIFY(!make_plot_view("ranking:resnet", db_, runs({summit_}), MetricCatalog(), {}, &error));
    QVERIFY2(error.contains("sgemm, pagerank"), qPrintable(error));
    QVERIFY(!make_plot_view("box", db_, runs({counter_}), MetricCatalog(), {}, &error));
    QVERIFY2(error.contains("no variability-profiler points"), qPrintable(error));
    QVERIFY(plot_kinds().contains("ranking"));
  }

  void mainWindowTabForVariabilityRuns() {
    PluginRegistry registry;
    gui::MainWindow window(registry, {db_, false});
    auto* panel = window.findChild<VariabilityPanel*>("variabilityPanel");
    QVERIFY(panel);
    const int tab = window.tabs()->indexOf(panel);
    QVERIFY(!window.tabs()->isTabVisible(tab));
    window.showRuns({summit_});
    QVERIFY(window.tabs()->isTabVisible(tab));
    QCOMPARE(panel->boxView()->boxCount(), 2);
    window.tabs()->setCurrentIndex(tab);
    panel->tabs()->setCurrentIndex(2);
    QCOMPARE(window.currentPlot(), static_cast<PlotView*>(panel));
    QCOMPARE(panel->plot(), panel->rankingView()->plot());
    QVERIFY(panel->csv().startsWith("position,"));
    window.showRuns({counter_});
    QVERIFY(!window.tabs()->isTabVisible(tab));
  }

  void realRunMatchesTheModule() {
#ifndef PLAB_VARIABILITY_PLUGIN
    QSKIP("the variability-profiler plugin is not part of this build");
#else
    if (!QFileInfo::exists(PLAB_CLI_PATH) || !QFileInfo::exists(PLAB_VARIABILITY_PLUGIN))
      QSKIP("paretolab-cli or the variability-profiler plugin is not built yet");
    const QString db = dir_.filePath("real.sqlite");
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("PARETOLAB_PLUGIN_PATH", QFileInfo(PLAB_VARIABILITY_PLUGIN).absolutePath());
    env.insert("PARETOLAB_DATA_DIR", PLAB_SOURCE_DATA_DIR);
    p.setProcessEnvironment(env);
    p.start(PLAB_CLI_PATH, {"--db", db, "run", "variability-profiler", "--target", "cluster:summit", "--set",
                            "devices=600", "--set", "repetitions=2", "--set", "trace_devices=0", "--seed", "5"});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    auto store = store::Store::open(db.toStdString());
    const auto all = load_runs(*store, {1});
    QCOMPARE(all.size(), std::size_t{1});
    const auto& m = all[0].metrics;
    VariabilityBoxView box;
    box.resize(900, 600);
    box.setRuns(all);
    QVERIFY(box.setMetric("norm_duration"));
    QVERIFY(box.boxCount() >= 3);
    int outliers = 0;
    for (int i = 0; i < box.boxCount(); ++i) {
      const std::string app = box.groups()[i].application + ".";
      QVERIFY(std::fabs(box.box(i).q1 - m.at(app + "q1")) < 1e-12);
      QVERIFY(std::fabs(box.box(i).q3 - m.at(app + "q3")) < 1e-12);
      int flagged = 0;
      for (const auto& d : box.groups()[i].devices) flagged += d.outlier;
      QCOMPARE(flagged, static_cast<int>(m.at(app + "outliers")));
      outliers += flagged;
    }
    QCOMPARE(outliers, static_cast<int>(m.at("outliers")));
    VariabilityScatterView scatter;
    scatter.resize(900, 600);
    scatter.setRuns(all);
    QVERIFY(scatter.setSensor("clock"));
    for (int i = 0; i < box.boxCount(); ++i) {
      const std::string key = box.groups()[i].application + ".frequency_mhz.pearson_r";
      QVERIFY2(std::fabs(scatter.correlation(i).r - m.at(key)) < 1e-9, key.c_str());
    }
#endif
  }
};

QTEST_MAIN(VariabilityViewTest)
#include "variability_view_test.moc"
