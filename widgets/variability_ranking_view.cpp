#include "widgets/variability_ranking_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/plot_style.h"

namespace plab::widgets {

VariabilityRankingView::VariabilityRankingView(QWidget* parent) : VarPlotView(parent) {
  setObjectName("variabilityRankingView");
  plot()->setObjectName("Per-device ranking");
  group_ = new QComboBox(this);
  toolBar()->addWidget(new QLabel("application:", this));
  toolBar()->addWidget(group_, 1);
  toolBar()->addStretch();
  connect(group_, &QComboBox::currentIndexChanged, this, [this] {
    if (!updating_) redraw();
  });
}

int VariabilityRankingView::group() const { return group_->currentIndex(); }

bool VariabilityRankingView::setGroup(int group) {
  if (group < 0 || group >= static_cast<int>(groups_.size())) return false;
  updating_ = true;
  group_->setCurrentIndex(group);
  updating_ = false;
  redraw();
  return true;
}

bool VariabilityRankingView::setGroupByName(const QString& name) {
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (groups_[i].name == name || QString::fromStdString(groups_[i].application) == name)
      return setGroup(static_cast<int>(i));
  return false;
}

void VariabilityRankingView::groupsChanged() {
  updating_ = true;
  const QString old = group_->currentText();
  group_->clear();
  for (const auto& g : groups_) group_->addItem(g.name);
  const int i = group_->findText(old);
  group_->setCurrentIndex(i >= 0 ? i : 0);
  updating_ = false;
}

void VariabilityRankingView::redraw() {
  resetPlot();
  order_.clear();
  labelled_.clear();
  auto* p = plot();
  const int gi = group();
  if (gi < 0 || gi >= static_cast<int>(groups_.size())) {
    setTitle("no variability-profiler points in the chosen runs");
    setSummary("");
    p->replot();
    return;
  }
  const auto& g = groups_[gi];
  for (std::size_t d = 0; d < g.devices.size(); ++d)
    if (std::isfinite(g.devices[d].norm_perf)) order_.push_back(static_cast<int>(d));
  // Slowest first; ties by the module's rank (1 = fastest), then by device id.
  std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
    const auto &x = g.devices[a], &y = g.devices[b];
    if (x.norm_perf != y.norm_perf) return x.norm_perf < y.norm_perf;
    if (x.rank != y.rank) return x.rank > y.rank;
    return x.device < y.device;
  });
  const int n = static_cast<int>(order_.size());
  auto make_bars = [&](const QString& name, QColor c) {
    auto* b = new QCPBars(p->xAxis, p->yAxis);
    b->setName(name);
    b->setBaseValue(1.0);
    b->setWidth(n > 400 ? 1.0 : 0.8);
    b->setPen(n > 400 ? QPen(c, 0) : QPen(c.darker(130), 0.8));
    b->setBrush(c);
    b->setAntialiased(false);
    return b;
  };
  auto* normal = make_bars("devices", QColor(0, 114, 178, 190));
  auto* flagged = make_bars("outliers (module)", QColor(200, 30, 30));
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  double lo = 1, hi = 1;
  int n_flagged = 0;
  std::vector<Label> labels;
  for (int i = 0; i < n; ++i) {
    const auto& d = g.devices[order_[i]];
    const double key = i + 1;
    // QCPBars draws from its base value (1, the median device) to base + value.
    (d.outlier ? flagged : normal)->addData(key, d.norm_perf - 1.0);
    addPick(key, d.norm_perf, gi, order_[i], true);
    lo = std::min(lo, d.norm_perf);
    hi = std::max(hi, d.norm_perf);
    n_flagged += d.outlier;
    if (n <= kMaxNamedTicks) ticker->addTick(key, QString::fromStdString(d.device));
    if (d.outlier && labelled_.size() < kMaxLabels) {
      labelled_ << QString::fromStdString(d.device);
      labels.push_back({key, d.norm_perf, QString("%1 (%2)").arg(labelled_.back(), format_number(d.norm_perf))});
    }
  }
  if (flagged->dataCount() == 0) flagged->removeFromLegend();
  if (n <= kMaxNamedTicks) {
    p->xAxis->setTicker(ticker);
    p->xAxis->setTickLabelRotation(n > 12 ? 60 : 0);
    p->xAxis->setLabel("device, slowest first");
  } else {
    p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    p->xAxis->setTickLabelRotation(0);
    p->xAxis->setLabel(QString("position among %1 devices, slowest first (hover a bar for its device)").arg(n));
  }
  p->xAxis->setSubTicks(false);
  p->xAxis->setRange(0.3, n + 0.7);
  const double pad = std::max((hi - lo) * 0.12, 1e-3);
  p->yAxis->setRange(lo - pad, hi + pad);
  p->yAxis->setLabel("normalised performance (median device = 1)");
  auto* median = new QCPItemStraightLine(p);
  median->point1->setCoords(0, 1);
  median->point2->setCoords(1, 1);
  median->setPen(QPen(QColor(80, 80, 80), 1, Qt::DotLine));
  p->legend->setVisible(true);
  p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  setTitle(QString("Per-device ranking, %1: %2 devices, slowest %3, fastest %4, %5 outliers")
               .arg(g.name)
               .arg(n)
               .arg(n ? format_number(g.devices[order_.front()].norm_perf) : QString("-"))
               .arg(n ? format_number(g.devices[order_.back()].norm_perf) : QString("-"))
               .arg(n_flagged));
  QStringList slow;
  for (int i = 0; i < std::min(n, 5); ++i)
    slow << QString("%1 (%2)").arg(QString::fromStdString(g.devices[order_[i]].device),
                                   format_number(g.devices[order_[i]].norm_perf));
  setSummary("slowest: " + slow.join(", "));
  placeLabels(labels, -1);
  p->replot();
}

QString VariabilityRankingView::csv() const {
  QString out = "position,run_id,population,application,device,node,norm_perf,norm_duration,rank,outlier\n";
  const int gi = group();
  if (gi < 0 || gi >= static_cast<int>(groups_.size())) return out;
  const auto& g = groups_[gi];
  for (std::size_t i = 0; i < order_.size(); ++i) {
    const auto& d = g.devices[order_[i]];
    out += QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10\n")
               .arg(i + 1)
               .arg(g.run_id)
               .arg(csv_field(QString::fromStdString(g.population)), csv_field(QString::fromStdString(g.application)),
                    csv_field(QString::fromStdString(d.device)), csv_field(QString::fromStdString(d.node)))
               .arg(d.norm_perf, 0, 'g', 17)
               .arg(d.norm_duration, 0, 'g', 17)
               .arg(d.rank)
               .arg(d.outlier ? 1 : 0);
  }
  return out;
}

}  // namespace plab::widgets
