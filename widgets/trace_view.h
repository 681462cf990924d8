#pragma once
// Traces of one or several runs, one stacked panel per series: zoom and pan by mouse, a crosshair
// with the values under it, A/B cursors (keys A and B) with the delta, and statistics of the
// visible range. Panels whose series share an x axis ("time (s)", "evaluation", ...) share one
// window, cursors and crosshair; panels of another x axis keep their own, so a per-evaluation trace
// shown next to a timed one is never drawn against seconds. The plot asks the store for the visible
// window reduced to min/max buckets at screen resolution, so a 10-million-sample trace stays
// responsive.

#include <QStringList>
#include <cmath>
#include <memory>
#include <utility>

#include "core/store/store.h"
#include "widgets/plot_view.h"

class QLabel;
class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;
class QTimer;

namespace plab::widgets {

/// One trace series of one run.
struct TraceRef {
  std::int64_t run_id = 0;
  std::string series;
};

/// The trace view.
class TraceView : public PlotView {
  Q_OBJECT
 public:
  explicit TraceView(QWidget* parent = nullptr);
  ~TraceView() override;

  /// The store the traces are read from (its own connection); throws StoreError.
  void setStoreFile(const std::filesystem::path& db);
  /// Shows these series (one panel each) over their whole time range.
  void setTraces(const std::vector<TraceRef>& traces);
  /// Re-reads series extents (a running run's traces grow) and reloads the visible window.
  void refresh();
  /// Sets the visible window of the panels on x axis `axis` (empty: of every panel; an axis not
  /// shown: nothing) and reloads it from the store at once (no replot).
  void setTimeRange(double t0, double t1, const QString& axis = {});
  /// The x axes shown, in panel order, each once ("time (s)" for series declared without one).
  QStringList axes() const;
  /// Reloads every panel for the current window (what a zoom or pan triggers).
  void reload();

  QCustomPlot* plot() const override { return plot_; }
  QString csv() const override;

  /// Places cursor A or B at `t` on x axis `axis` (empty: the first panel's axis).
  void setCursorA(double t, const QString& axis = {});
  void setCursorB(double t, const QString& axis = {});
  /// The statistics line of the visible range, as shown under the plot.
  QString statistics() const;
  /// Samples the last reload received per panel (reduced buckets or raw samples).
  std::vector<std::size_t> pointsDrawn() const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void setOverlaysVisible(bool visible) const override;

 private:
  struct Panel;
  /// One x axis shown: its window and cursors.
  struct Axis {
    QString label;
    double t0 = 0, t1 = 1;
    double a = NAN, b = NAN;
    bool whole = true;  // the window shows all of the axis' series (rebuild(true) then follows them)
  };
  /// Builds the panels for traces_; `keep`: axes shown before keep their cursors, and their window
  /// unless it showed all of their series.
  void rebuild(bool keep);
  void loadPanel(Panel& p, double t0, double t1, int buckets);
  void updateCrosshair(const QPointF& pos);
  void updateSummary();
  /// The index of x axis `label` (empty: the first), -1 when none is shown.
  int axisIndex(const QString& label) const;
  /// The panel under `pos` (plot coordinates); nullptr when there is none.
  Panel* panelAt(const QPointF& pos) const;
  void setCursor(bool first, double t, const QString& axis);
  /// Sets every panel's x range to its axis' window and reloads.
  void applyWindows();

  QCustomPlot* plot_;
  QLabel* summary_;
  QLabel* cursor_;
  QTimer* pending_;
  std::unique_ptr<store::Store> store_;
  std::vector<TraceRef> traces_;
  std::vector<std::unique_ptr<Panel>> panels_;
  std::vector<Axis> axes_;
  bool loading_ = false;
};

}  // namespace plab::widgets
