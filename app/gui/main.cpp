// paretolab: the desktop workbench. `paretolab [--db FILE] [--demo] [--no-welcome]`
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <filesystem>
#include <iostream>

#include "app/gui/main_window.h"
#include "core/build_config.h"
#include "core/util/paths.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("ParetoLab");
  QApplication::setOrganizationName("ParetoLab");
  QApplication::setApplicationVersion(plab::build::kVersion);
  QApplication::setDesktopFileName("paretolab");
  QCommandLineParser parser;
  parser.setApplicationDescription("ParetoLab: a workbench for ML-systems research");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption db("db", "The store (default: " + QString::fromStdString(plab::default_db_path().string()) + ").", "FILE");
  QCommandLineOption demo("demo", "Start the demo run at once.");
  QCommandLineOption noWelcome("no-welcome", "Do not show the first-start welcome.");
  parser.addOptions({db, demo, noWelcome});
  parser.process(app);

  plab::gui::MainWindowOptions options;
  options.db = parser.isSet(db) ? std::filesystem::path(parser.value(db).toStdString()) : plab::default_db_path();
  options.welcome = !parser.isSet(noWelcome) && !parser.isSet(demo);
  std::error_code ec;
  if (options.db.has_parent_path()) std::filesystem::create_directories(options.db.parent_path(), ec);

  plab::PluginRegistry registry;
  registry.load_from(plab::plugin_search_path());
  try {
    plab::gui::MainWindow window(registry, options);
    window.show();
    if (parser.isSet(demo)) window.runDemo();
    return app.exec();
  } catch (const std::exception& e) {
    std::cerr << "paretolab: " << e.what() << "\n";
    QMessageBox::critical(nullptr, "ParetoLab", QString::fromStdString(e.what()));
    return 2;
  }
}
