#pragma once
// Traces of one or several runs, one stacked panel per series with linked time axes: zoom and
// pan by mouse, a crosshair with the values under it, A/B cursors (keys A and B) with the delta,
// and statistics of the visible range. The plot asks the store for the visible window reduced
// to min/max buckets at screen resolution, so a 10-million-sample trace stays responsive.

#include <cmath>
#include <memory>

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
  /// Sets the visible time window and reloads it from the store at once (no replot).
  void setTimeRange(double t0, double t1);
  /// Reloads every panel for the current window (what a zoom or pan triggers).
  void reload();

  QCustomPlot* plot() const override { return plot_; }
  QString csv() const override;

  void setCursorA(double t);
  void setCursorB(double t);
  /// The statistics line of the visible range, as shown under the plot.
  QString statistics() const;
  /// Samples the last reload received per panel (reduced buckets or raw samples).
  std::vector<std::size_t> pointsDrawn() const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void setOverlaysVisible(bool visible) const override;

 private:
  struct Panel;
  void rebuild();
  void loadPanel(Panel& p, double t0, double t1, int buckets);
  void updateCrosshair(double t);
  void updateSummary();

  QCustomPlot* plot_;
  QLabel* summary_;
  QLabel* cursor_;
  QTimer* pending_;
  std::unique_ptr<store::Store> store_;
  std::vector<TraceRef> traces_;
  std::vector<std::unique_ptr<Panel>> panels_;
  double t0_ = 0, t1_ = 1;
  double a_ = NAN, b_ = NAN;
  bool loading_ = false;
};

}  // namespace plab::widgets
