#pragma once
// The common face of every result plot: its QCustomPlot, the data behind it as CSV, and export
// to PNG (at a chosen DPI), PDF and SVG. The GUI and `paretolab-cli export` share this code.

#include <QString>
#include <QWidget>

class QCustomPlot;

namespace plab::widgets {

/// Export settings: the size of the drawing in logical pixels and the PNG resolution.
struct ExportOptions {
  int width = 900;
  int height = 600;
  int dpi = 150;  // PNG only: pixels per inch (96 = 1:1)
};

/// A widget that shows one plot and can export it.
class PlotView : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;
  virtual QCustomPlot* plot() const = 0;
  /// The data the plot shows, as CSV with a header row.
  virtual QString csv() const = 0;
  /// Writes the plot (.png, .pdf, .svg) or its data (.csv), chosen by the file's extension.
  /// Returns false and sets *error (naming the file) on failure.
  bool exportTo(const QString& file, const ExportOptions& options, QString* error) const;

 protected:
  /// Hides hover overlays before an export and restores them afterwards.
  virtual void setOverlaysVisible(bool /*visible*/) const {}
};

/// Writes a QCustomPlot to .png/.pdf/.svg (by extension). Returns false and sets *error.
bool export_plot(QCustomPlot* plot, const QString& file, const ExportOptions& options, QString* error);

/// Writes text (CSV, HTML) to a file; false and *error on failure.
bool write_text_file(const QString& file, const QString& text, QString* error);

/// Quotes one CSV field when it needs it.
QString csv_field(const QString& s);

}  // namespace plab::widgets
