#include "widgets/plot_view.h"

#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace plab::widgets {

bool export_plot(QCustomPlot* plot, const QString& file, const ExportOptions& o, QString* error) {
  const QString ext = QFileInfo(file).suffix().toLower();
  bool ok = false;
  if (ext == "png") {
    const double scale = o.dpi / 96.0;
    ok = plot->savePng(file, o.width, o.height, scale, -1, o.dpi, QCP::ruDotsPerInch);
  } else if (ext == "pdf") {
    ok = plot->savePdf(file, o.width, o.height, QCP::epNoCosmetic, "ParetoLab", plot->objectName());
  } else if (ext == "svg") {
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(QSize(o.width, o.height));
    svg.setViewBox(QRect(0, 0, o.width, o.height));
    svg.setTitle(plot->objectName());
    svg.setDescription("ParetoLab plot");
    QCPPainter painter;
    ok = painter.begin(&svg);
    if (ok) {
      plot->toPainter(&painter, o.width, o.height);
      ok = painter.end();
    }
  } else {
    if (error) *error = file + ": unknown plot format '" + ext + "' (expected png, pdf, svg or csv)";
    return false;
  }
  if (ok) ok = QFileInfo(file).size() > 0;
  if (!ok && error) *error = file + ": could not write the " + ext + " file";
  return ok;
}

bool write_text_file(const QString& file, const QString& text, QString* error) {
  QSaveFile f(file);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) {
    if (error) *error = file + ": " + f.errorString();
    return false;
  }
  f.write(text.toUtf8());
  if (!f.commit()) {
    if (error) *error = file + ": " + f.errorString();
    return false;
  }
  return true;
}

QString csv_field(const QString& s) {
  if (!s.contains(',') && !s.contains('"') && !s.contains('\n')) return s;
  QString q = s;
  q.replace("\"", "\"\"");
  return "\"" + q + "\"";
}

bool PlotView::exportTo(const QString& file, const ExportOptions& options, QString* error) const {
  if (QFileInfo(file).suffix().toLower() == "csv") return write_text_file(file, csv(), error);
  setOverlaysVisible(false);
  const bool ok = export_plot(plot(), file, options, error);
  setOverlaysVisible(true);
  return ok;
}

}  // namespace plab::widgets
