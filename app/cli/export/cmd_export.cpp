// paretolab-cli export | report: the GUI's plots and report, drawn with no display (the Qt
// "offscreen" platform is forced in-process). Built only with PLAB_BUILD_GUI.
#include <QApplication>
#include <QFileInfo>
#include <QString>
#include <cstdio>

#include "app/cli/cli.h"
#include "core/util/error.h"
#include "widgets/plot_factory.h"
#include "widgets/report.h"

namespace plab::cli {
namespace {

// Qt's own chatter (offscreen platform notes, missing runtime folder) stays off the CLI's stderr;
// real warnings still come through.
void quiet_qt(QtMsgType type, const QMessageLogContext&, const QString& msg) {
  if (type == QtDebugMsg || type == QtInfoMsg || msg.contains("XDG_RUNTIME_DIR") || msg.contains("propagateSizeHints"))
    return;
  std::fprintf(stderr, "qt: %s\n", qPrintable(msg));
}

// One QApplication per process, on the offscreen platform whatever the environment says.
void ensure_app() {
  if (QApplication::instance()) return;
  qInstallMessageHandler(quiet_qt);
  qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "paretolab-cli";
  static char* argv[] = {name, nullptr};
  static QApplication app(argc, argv);
}

std::vector<std::int64_t> run_ids(const Cli& cli, const char* command) {
  std::vector<std::int64_t> ids;
  for (const auto& s : cli.args.positional) {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(s, &used);
      if (used == s.size() && v > 0) {
        ids.push_back(v);
        continue;
      }
    } catch (const std::exception&) {
    }
    throw InputError(std::string(command) + ": RUN '" + s + "': expected a run id (a positive integer)");
  }
  if (ids.empty()) throw InputError(std::string(command) + ": expected at least one RUN id");
  return ids;
}

std::vector<widgets::RunData> load(Cli& cli, const std::vector<std::int64_t>& ids) {
  auto store = cli.open_store();
  auto runs = widgets::load_runs(*store, ids);
  for (auto id : ids) {
    bool found = false;
    for (const auto& r : runs) found = found || r.record.id == id;
    if (!found) throw InputError("RUN " + std::to_string(id) + ": no such run in " + cli.db.string());
  }
  return runs;
}

int positive(const Cli& cli, const std::string& name, int fallback, int lo, int hi) {
  const std::string s = cli.args.value(name);
  if (s.empty()) return fallback;
  try {
    std::size_t used = 0;
    const int v = std::stoi(s, &used);
    if (used == s.size() && v >= lo && v <= hi) return v;
  } catch (const std::exception&) {
  }
  throw InputError("--" + name + " " + s + ": expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
}

int cmd_export(Cli& cli) {
  const auto ids = run_ids(cli, "export");
  const QString kind = QString::fromStdString(cli.args.value("plot"));
  const QString out = QString::fromStdString(cli.args.value("out"));
  if (kind.isEmpty()) throw InputError("export: --plot KIND is required (" + widgets::plot_kinds().toStdString() + ")");
  if (out.isEmpty()) throw InputError("export: --out FILE.(png|pdf|svg|csv) is required");
  const QString ext = QFileInfo(out).suffix().toLower();
  if (ext != "png" && ext != "pdf" && ext != "svg" && ext != "csv")
    throw InputError("--out " + out.toStdString() + ": expected a .png, .pdf, .svg or .csv file");
  widgets::ExportOptions o;
  o.dpi = positive(cli, "dpi", 150, 24, 1200);
  o.width = positive(cli, "width", 900, 100, 10000);
  o.height = positive(cli, "height", 600, 100, 10000);
  ensure_app();
  const auto runs = load(cli, ids);
  QString error;
  auto view = widgets::make_plot_view(kind, cli.db, runs, widgets::MetricCatalog(cli.registry()), o, &error);
  if (!view) throw InputError(error.toStdString());
  if (!view->exportTo(out, o, &error)) {
    cli.err << "paretolab-cli export: " << error.toStdString() << "\n";
    return kGeneric;
  }
  if (cli.json) cli.print_json({{"out", out.toStdString()}, {"plot", kind.toStdString()}, {"runs", ids}});
  else cli.out << "wrote " << out.toStdString() << "\n";
  return kOk;
}

int cmd_report(Cli& cli) {
  const auto ids = run_ids(cli, "report");
  const QString out = QString::fromStdString(cli.args.value("out"));
  if (out.isEmpty()) throw InputError("report: --out FILE.(html|pdf) is required");
  const QString ext = QFileInfo(out).suffix().toLower();
  if (ext != "html" && ext != "htm" && ext != "pdf")
    throw InputError("--out " + out.toStdString() + ": expected a .html or .pdf file");
  ensure_app();
  const auto runs = load(cli, ids);
  QString error;
  if (!widgets::write_report(cli.db, runs, widgets::MetricCatalog(cli.registry()), out, &error)) {
    cli.err << "paretolab-cli report: " << error.toStdString() << "\n";
    return kGeneric;
  }
  if (cli.json) cli.print_json({{"out", out.toStdString()}, {"runs", ids}});
  else cli.out << "wrote " << out.toStdString() << "\n";
  return kOk;
}

const CommandRegistrar reg_export({"export",
                                   "export RUN... --plot pareto|history|parallel|trace:SERIES --out FILE.(png|pdf|svg|csv) "
                                   "[--dpi N] [--width W] [--height H]",
                                   "draw a plot of runs (or write its data as CSV), with no display", cmd_export});
const CommandRegistrar reg_report({"report", "report RUN... --out FILE.(html|pdf)",
                                   "a report of runs: environment, parameters, metrics, comparison, plots", cmd_report});

}  // namespace
}  // namespace plab::cli
