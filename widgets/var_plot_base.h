#pragma once
// Shared face of the variability views (box plot, scatter, ranking): a QCustomPlot with a title,
// a tool bar above it, a summary line below, and points that name their device on hover.

#include <QPoint>
#include <QSize>
#include <QString>
#include <vector>

#include "widgets/plot_view.h"
#include "widgets/run_data.h"
#include "widgets/variability_data.h"

class QCPGraph;
class QCPTextElement;
class QHBoxLayout;
class QLabel;

namespace plab::widgets {

/// Base of the variability views: pickable points with hover text, title, summary.
class VarPlotView : public PlotView {
  Q_OBJECT
 public:
  explicit VarPlotView(QWidget* parent = nullptr);

  QCustomPlot* plot() const override { return plot_; }
  /// Loads the runs' variability points and redraws.
  void setRuns(const std::vector<RunData>& runs);
  const std::vector<VarGroup>& groups() const { return groups_; }

  /// Index of the pickable point under a pixel of the plot, or -1.
  int pointAt(const QPoint& pixel) const;
  /// Pixel of the i-th pickable point (for tests).
  QPoint pixelOf(int i) const;
  int pickableCount() const { return static_cast<int>(picks_.size()); }
  /// The device id of the i-th pickable point.
  QString pickName(int i) const;
  int hoveredIndex() const { return hovered_; }
  QString hoverText() const { return hoverText_; }
  QString title() const;
  QString summary() const;
  /// Hides the hover marker and tooltip (exports); public so that a panel holding views can call it.
  void setOverlaysVisible(bool visible) const override;

 protected:
  /// Rebuilds the plot from groups(); subclasses fill it and call addPick for named points.
  virtual void redraw() = 0;
  /// Called after the groups change, before redraw (refill choosers).
  virtual void groupsChanged() {}
  /// A point the mouse can name: plot coordinates, its group and device. By key: picked when the
  /// mouse is within half a unit of `key` horizontally (bars); otherwise within a few pixels.
  void addPick(double key, double value, int group, int device, bool by_key = false);
  /// Removes every plottable, item and pick, and restores the hover marker: start of redraw().
  void resetPlot();
  /// A text label for a point, in plot coordinates.
  struct Label {
    double x, y;
    QString text;
  };
  /// Writes the labels next to their points (right of them), anchored to the point so they follow
  /// zoom and pan; a label that would cover an earlier one moves by its height in direction
  /// `step` (+1 down, -1 up) with a thin line to its point. Lays the plot out first (replot).
  void placeLabels(const std::vector<Label>& labels, int step);
  void setTitle(const QString& t);
  void setSummary(const QString& s);
  QHBoxLayout* toolBar() const { return bar_; }
  bool eventFilter(QObject* watched, QEvent* event) override;

  std::vector<VarGroup> groups_;

 private:
  struct Pick {
    double key, value;
    int group, device;
    bool by_key;
  };
  void hover(int i, const QPoint& global);

  QCustomPlot* plot_;
  QCPTextElement* title_;
  QCPGraph* hoverGraph_;
  QHBoxLayout* bar_;
  QLabel* summary_;
  std::vector<Pick> picks_;
  int hovered_ = -1;
  bool hasLabels_ = false;  // labels placed in pixels for the size laidOut_
  QSize laidOut_;
  QString hoverText_;
};

}  // namespace plab::widgets
