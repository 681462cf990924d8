#include "widgets/report.h"

#include <QBuffer>
#include <QDateTime>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <qcustomplot.h>

#include "core/build_config.h"
#include "widgets/compare_table.h"
#include "widgets/plot_factory.h"
#include "widgets/variability_data.h"
#include "widgets/plot_style.h"

namespace plab::widgets {
namespace {

QString esc(const QString& s) { return s.toHtmlEscaped(); }
QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString when(double unix_seconds) {
  if (unix_seconds <= 0) return "-";
  return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(unix_seconds)).toString("yyyy-MM-dd HH:mm:ss");
}

struct Figure {
  QString name, caption;
  QImage image;
};

// Renders the plots the runs have data for.
std::vector<Figure> figures(const std::filesystem::path& db, const std::vector<RunData>& runs, const MetricCatalog& catalog) {
  std::vector<Figure> out;
  const ExportOptions size{820, 480, 96};
  QStringList kinds{"pareto", "history", "parallel"};
  if (has_variability(runs)) kinds << "box" << "scatter:clock" << "scatter:power" << "ranking";
  if (!runs.empty()) {
    int n = 0;
    for (const auto& s : runs.front().series)
      if (n++ < 3) kinds << "trace:" + QString::fromStdString(s.name);
  }
  for (const auto& kind : kinds) {
    QString error;
    auto view = make_plot_view(kind, db, runs, catalog, size, &error);
    if (!view) continue;
    QImage img = view->plot()->toPixmap(size.width, size.height, 2.0).toImage();
    out.push_back({QString("fig-%1.png").arg(out.size()), view->plot()->objectName() + (kind.startsWith("trace:") ? ": " + kind.mid(6) : ""), img});
  }
  return out;
}

QString html(const std::vector<RunData>& runs, const std::vector<Figure>& figs, bool embed) {
  QString h;
  h += "<html><head><meta charset=\"utf-8\"><title>ParetoLab report</title><style>"
       "body{font-family:sans-serif;font-size:10pt} table{border-collapse:collapse;margin-bottom:8px}"
       "td,th{border:1px solid #bbb;padding:2px 6px;text-align:left} th{background:#eee}"
       ".diff{background:#ffeca0} h2{margin-top:18px}</style></head><body>";
  QStringList ids;
  for (const auto& r : runs) ids << QString::number(r.record.id);
  h += "<h1>ParetoLab report: run" + QString(runs.size() > 1 ? "s " : " ") + ids.join(", ") + "</h1>";
  h += "<p>Generated " + QDateTime::currentDateTime().toString("yyyy-MM-dd HH:mm:ss") + " by ParetoLab " +
       plab::build::kVersion + ".</p>";
  if (runs.size() > 1) {
    h += "<h2>Comparison</h2><table><tr><th>name</th>";
    for (const auto& id : ids) h += "<th>run " + id + "</th>";
    h += "</tr>";
    for (const auto& row : compare_rows(runs)) {
      const bool mark = row.differs && row.section != "metric";
      h += "<tr><td>" + esc(row.section == "run" ? row.name : row.section + ": " + row.name) + "</td>";
      for (const auto& v : row.values) h += QString("<td%1>").arg(mark ? " class=\"diff\" bgcolor=\"#ffeca0\"" : "") + esc(v) + "</td>";
      h += "</tr>";
    }
    h += "</table><p>Highlighted: parameters that differ between the runs.</p>";
  }
  if (!figs.empty()) {
    h += "<h2>Plots</h2>";
    for (const auto& f : figs) {
      QString src = f.name;
      if (embed) {
        QByteArray bytes;
        QBuffer buf(&bytes);
        buf.open(QIODevice::WriteOnly);
        f.image.save(&buf, "PNG");
        src = "data:image/png;base64," + QString::fromLatin1(bytes.toBase64());
      }
      h += "<p><b>" + esc(f.caption) + "</b><br><img src=\"" + src + "\" width=\"620\"></p>";
    }
  }
  for (const auto& r : runs) {
    const auto& rec = r.record;
    const auto env = rec.environment;
    auto env_s = [&](const char* k) {
      return env.contains(k) ? esc(env[k].is_string() ? env[k].get<std::string>() : env[k].dump()) : QString("-");
    };
    h += QString("<h2>Run %1: %2</h2>").arg(rec.id).arg(esc(rec.module));
    h += "<table>";
    auto row = [&](const QString& k, const QString& v) { h += "<tr><th>" + k + "</th><td>" + v + "</td></tr>"; };
    row("module version", esc(rec.module_version));
    row("target", esc(rec.target));
    row("seed", QString::number(rec.seed));
    row("status", to_string(rec.status));
    row("started", when(rec.started));
    row("ended", when(rec.ended));
    row("host", esc(rec.host));
    row("core version", env_s("core_version"));
    row("OS", env_s("os"));
    row("started from", env_s("origin"));
    if (!rec.error.empty()) row("error", esc(rec.error));
    if (!rec.notes.empty()) row("notes", esc(rec.notes));
    h += "</table><h3>Parameters</h3><table><tr><th>name</th><th>value</th></tr>";
    for (const auto& [k, v] : rec.params.items())
      h += "<tr><td>" + esc(k) + "</td><td>" + esc(v.is_string() ? v.get<std::string>() : v.dump()) + "</td></tr>";
    h += "</table><h3>Metrics</h3><table><tr><th>name</th><th>value</th></tr>";
    for (const auto& [k, v] : r.metrics) h += "<tr><td>" + esc(k) + "</td><td>" + format_number(v) + "</td></tr>";
    h += QString("</table><p>%1 evaluated points; trace series: ").arg(r.points.size());
    QStringList s;
    for (const auto& x : r.series) s << esc(x.name) + QString(" (%1 samples)").arg(x.count);
    h += (s.isEmpty() ? QString("none") : s.join(", ")) + ".</p>";
  }
  h += "</body></html>";
  return h;
}

}  // namespace

bool write_report(const std::filesystem::path& db, const std::vector<RunData>& runs, const MetricCatalog& catalog,
                  const QString& file, QString* error) {
  if (runs.empty()) {
    if (error) *error = "report: no runs";
    return false;
  }
  const QString ext = QFileInfo(file).suffix().toLower();
  if (ext != "html" && ext != "htm" && ext != "pdf") {
    if (error) *error = file + ": unknown report format '" + ext + "' (expected html or pdf)";
    return false;
  }
  const auto figs = figures(db, runs, catalog);
  if (ext != "pdf") return write_text_file(file, html(runs, figs, true), error);
  QTextDocument doc;
  for (const auto& f : figs) doc.addResource(QTextDocument::ImageResource, QUrl(f.name), f.image);
  doc.setHtml(html(runs, figs, false));
  QPdfWriter pdf(file);
  pdf.setPageSize(QPageSize(QPageSize::A4));
  pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
  pdf.setTitle("ParetoLab report");
  pdf.setCreator("ParetoLab");
  doc.print(&pdf);
  if (QFileInfo(file).size() <= 0) {
    if (error) *error = file + ": could not write the PDF";
    return false;
  }
  return true;
}

}  // namespace plab::widgets
