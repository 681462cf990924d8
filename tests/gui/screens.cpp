// plab-gui-screens: drives the main window through its views and saves a screenshot of each
// (the window's own grab), for looking at what a user sees. Not a test; run it under xvfb-run:
//   xvfb-run -s "-screen 0 1600x1000x24" build/bin/plab-gui-screens --db /tmp/s.sqlite --out /work/screens
// --show 1,2 shows those runs together (as selecting them in the runs table does) before the tabs.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>
#include <iostream>

#include "app/gui/main_window.h"
#include "core/util/paths.h"
#include "widgets/module_browser.h"
#include "widgets/run_controller.h"
#include "widgets/run_panel.h"
#include "widgets/runs_table.h"

namespace {
void pump(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  loop.exec();
}
}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("ParetoLabScreens");
  QCommandLineParser p;
  QCommandLineOption db("db", "store", "FILE"), out("out", "folder", "DIR"), module("module", "module", "ID"),
      target("target", "target", "SPEC"), preset("preset", "preset", "NAME"), show("show", "run ids", "IDS");
  p.addOptions({db, out, module, target, preset, show});
  p.process(app);
  QDir().mkpath(p.value(out));
  plab::PluginRegistry registry;
  registry.load_from(plab::plugin_search_path());
  plab::gui::MainWindow w(registry, {p.value(db).toStdString(), false});
  w.resize(1500, 950);
  w.show();
  pump(500);
  if (!w.moduleBrowser()->selectModule(p.value(module))) std::cerr << "no module " << p.value(module).toStdString() << "\n";
  if (p.isSet(preset)) w.runPanel()->form()->applyPreset(p.value(preset));
  if (p.isSet(target)) w.runPanel()->targetPicker()->setTarget(p.value(target));
  int n = 0;
  auto shot = [&](const QString& name) {
    pump(400);
    const QString file = QString("%1/%2-%3.png").arg(p.value(out)).arg(++n, 2, 10, QChar('0')).arg(name);
    w.grab().save(file);
    std::cout << file.toStdString() << "\n";
  };
  shot("start");
  QString error;
  if (!w.runPanel()->startRun(&error)) std::cerr << error.toStdString() << "\n";
  pump(1500);
  shot("running");
  QEventLoop done;
  QObject::connect(w.controller(), &plab::widgets::RunController::runFinished, &done, &QEventLoop::quit);
  if (w.controller()->busy()) done.exec();
  pump(800);
  if (p.isSet(show)) {
    QList<qint64> ids;
    for (const auto& id : p.value(show).split(',')) ids << id.toLongLong();
    w.showRuns(ids);
  }
  for (int i = 0; i < w.tabs()->count(); ++i) {
    w.tabs()->setCurrentIndex(i);
    shot(w.tabs()->tabText(i).remove('&').replace(' ', '-').toLower());
  }
  return 0;
}
