#include "widgets/variability_panel.h"

#include <QTabWidget>
#include <QVBoxLayout>

#include "widgets/variability_box_view.h"
#include "widgets/variability_ranking_view.h"
#include "widgets/variability_scatter_view.h"

namespace plab::widgets {

VariabilityPanel::VariabilityPanel(QWidget* parent) : PlotView(parent) {
  setObjectName("variabilityPanel");
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("variabilityTabs");
  tabs_->setDocumentMode(true);
  box_ = new VariabilityBoxView(this);
  scatter_ = new VariabilityScatterView(this);
  ranking_ = new VariabilityRankingView(this);
  tabs_->addTab(box_, "Box plots");
  tabs_->addTab(scatter_, "Performance vs power / clock");
  tabs_->addTab(ranking_, "Per-device ranking");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(tabs_);
}

bool VariabilityPanel::setRuns(const std::vector<RunData>& runs) {
  box_->setRuns(runs);
  scatter_->setRuns(runs);
  ranking_->setRuns(runs);
  return has_variability(runs);
}

PlotView* VariabilityPanel::current() const {
  auto* v = qobject_cast<PlotView*>(tabs_->currentWidget());
  return v ? v : box_;
}

QCustomPlot* VariabilityPanel::plot() const { return current()->plot(); }
QString VariabilityPanel::csv() const { return current()->csv(); }

void VariabilityPanel::setOverlaysVisible(bool visible) const {
  static_cast<VarPlotView*>(current())->setOverlaysVisible(visible);
}

}  // namespace plab::widgets
