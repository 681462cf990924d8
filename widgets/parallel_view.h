#pragma once
// Parallel coordinates of parameters against objectives: one vertical axis per numeric parameter
// and metric (each scaled to its own range), one line per evaluated point. Dragging along an axis
// brushes a range; points outside every brush are greyed out; a double click clears the brushes.

#include <map>

#include "widgets/plot_view.h"
#include "widgets/run_data.h"

class QLabel;
class QCPCurve;
class QCPItemRect;

namespace plab::widgets {

/// The parallel-coordinates view.
class ParallelView : public PlotView {
  Q_OBJECT
 public:
  explicit ParallelView(QWidget* parent = nullptr);

  void setRuns(const std::vector<RunData>& runs, const MetricCatalog& catalog);
  QCustomPlot* plot() const override { return plot_; }
  QString csv() const override;

  QStringList dimensions() const;
  /// Keeps only points whose dimension `dim` lies in [lo, hi] (its own units); NaN lo clears it.
  void setBrush(int dim, double lo, double hi);
  void clearBrushes();
  /// How many points pass every brush.
  int brushedCount() const;
  /// Index of the point drawn bold, or -1.
  int highlightedIndex() const { return highlighted_; }

 public slots:
  /// Draws this point's line bold (selected elsewhere, e.g. in the Pareto view); -2 clears.
  void highlightPoint(qint64 run, qint64 seq);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct Dim {
    QString name;
    bool metric = false;
    double lo = 0, hi = 1;
    std::vector<double> values;  // one per point, NaN when missing
  };
  void redraw();
  double norm(const Dim& d, double v) const;
  bool passes(std::size_t point) const;

  QCustomPlot* plot_;
  QLabel* summary_;
  QCPCurve *in_, *out_, *selected_;
  int highlighted_ = -1;
  std::vector<ViewPoint> points_;
  std::vector<Dim> dims_;
  std::map<int, std::pair<double, double>> brushes_;  // dimension -> [lo, hi] in its units
  std::vector<QCPItemRect*> brushItems_;
  int dragDim_ = -1;
  double dragStart_ = 0;
};

}  // namespace plab::widgets
