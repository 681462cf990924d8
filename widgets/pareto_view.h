#pragma once
// The Pareto front of one or several runs: any two objectives with their directions,
// non-dominated points highlighted and joined, dominated ones dimmed, infeasible ones marked
// apart, hover shows a point's configuration and metrics, click selects it, top-K filter and
// the hypervolume of the front. With several runs, each run gets its own front and hypervolume
// (against one reference, so they compare: two backends' throughput-vs-memory fronts), or one
// front over all their points. The legend goes to the corner with the fewest points.

#include <QPointer>

#include "core/analysis/pareto.h"
#include "widgets/plot_view.h"
#include "widgets/run_data.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QCPGraph;
class QCPItemTracer;

namespace plab::widgets {

/// The Pareto view (a plot with its objective pickers).
class ParetoView : public PlotView {
  Q_OBJECT
 public:
  explicit ParetoView(QWidget* parent = nullptr);

  /// Shows the points of these runs; keeps the chosen objectives when they still exist, else
  /// takes the module's default objectives.
  void setRuns(const std::vector<RunData>& runs, const MetricCatalog& catalog);
  /// Chooses the objectives; returns false when a name is not among the points' metrics.
  bool setObjectives(const QString& x, Direction dx, const QString& y, Direction dy);
  void setTopK(int k);  // 0: all points
  /// A front per run (the default) or one over the points of every run shown.
  void setFrontPerRun(bool perRun);

  /// One front drawn: its run (0: one front over every run), legend name, points (indices into
  /// points(), by x) and hypervolume against the common reference.
  struct Front {
    qint64 run = 0;
    QString name;
    std::vector<std::size_t> points;
    double hypervolume = 0;
  };
  const std::vector<Front>& fronts() const { return fronts_; }
  /// The corner the legend was put in (Qt::AlignTop | Qt::AlignRight, ...).
  Qt::Alignment legendCorner() const { return legendCorner_; }

  QCustomPlot* plot() const override { return plot_; }
  QString csv() const override;

  const std::vector<ViewPoint>& points() const { return points_; }
  /// Index of the point drawn within a few pixels of `pos` (plot widget coordinates), or -1.
  int pointAt(const QPoint& pos) const;
  /// Where point i is drawn (plot widget coordinates).
  QPoint pixelOf(int index) const;
  int hoveredIndex() const { return hovered_; }
  int selectedIndex() const { return selected_; }
  QString hoverText() const { return hoverText_; }
  /// The hypervolume of every point shown together (the union of the fronts).
  double hypervolume() const { return hypervolume_; }
  /// The points on a front drawn (every run's, with fronts per run).
  std::vector<std::size_t> front() const { return front_; }

 public slots:
  /// Selects the point of this run and sequence (seq -1: the run's own point); no signal.
  void selectPoint(qint64 run, qint64 seq);

 signals:
  /// The user clicked a point.
  void pointSelected(qint64 run, qint64 seq);

 protected:
  void setOverlaysVisible(bool visible) const override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void refill();
  void redraw();
  void updateMarkers();
  void drawFronts();
  void placeLegend();
  analysis::Directions directions() const;

  QCustomPlot* plot_;
  QComboBox *xName_, *yName_, *xDir_, *yDir_, *frontMode_;
  QSpinBox* topK_;
  QLabel* summary_;
  QCPGraph *dominated_, *front_line_, *infeasible_, *selected_graph_, *hover_graph_;
  std::vector<ViewPoint> points_;
  std::vector<analysis::ObjPoint> obj_;
  std::vector<bool> shown_;
  std::vector<std::size_t> front_;
  std::vector<Front> fronts_;
  std::vector<QCPGraph*> runFronts_;  // the fronts after the first (front_line_)
  Qt::Alignment legendCorner_ = Qt::AlignTop | Qt::AlignRight;
  std::map<std::string, MetricMeta> meta_;
  std::vector<std::string> defaults_;
  int hovered_ = -1, selected_ = -1;
  QString hoverText_;
  double hypervolume_ = 0;
  bool updating_ = false;
};

}  // namespace plab::widgets
