#pragma once
// The variability views together, as one result tab of the main window: box plots, performance
// against power / clock / temperature, and the per-device ranking. Exports the view shown.

#include "widgets/plot_view.h"
#include "widgets/run_data.h"

class QTabWidget;

namespace plab::widgets {

class VariabilityBoxView;
class VariabilityScatterView;
class VariabilityRankingView;

/// Box plot, scatter and ranking of variability-profiler runs in inner tabs.
class VariabilityPanel : public PlotView {
  Q_OBJECT
 public:
  explicit VariabilityPanel(QWidget* parent = nullptr);

  /// Fills every view; returns whether the runs hold variability points (the tab is worth showing).
  bool setRuns(const std::vector<RunData>& runs);

  VariabilityBoxView* boxView() const { return box_; }
  VariabilityScatterView* scatterView() const { return scatter_; }
  VariabilityRankingView* rankingView() const { return ranking_; }
  QTabWidget* tabs() const { return tabs_; }

  /// The plot and data of the inner tab shown.
  QCustomPlot* plot() const override;
  QString csv() const override;

 protected:
  void setOverlaysVisible(bool visible) const override;

 private:
  PlotView* current() const;
  QTabWidget* tabs_;
  VariabilityBoxView* box_;
  VariabilityScatterView* scatter_;
  VariabilityRankingView* ranking_;
};

}  // namespace plab::widgets
