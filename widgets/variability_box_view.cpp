#include "widgets/variability_box_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/plot_style.h"

namespace plab::widgets {

VariabilityBoxView::VariabilityBoxView(QWidget* parent) : VarPlotView(parent) {
  setObjectName("variabilityBoxView");
  plot()->setObjectName("Variability box plot");
  metric_ = new QComboBox(this);
  metric_->addItem("normalised performance (1 / duration)", "norm_perf");
  metric_->addItem("normalised duration", "norm_duration");
  toolBar()->addWidget(new QLabel("value:", this));
  toolBar()->addWidget(metric_);
  toolBar()->addStretch();
  connect(metric_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

bool VariabilityBoxView::setMetric(const QString& metric) {
  const int i = metric_->findData(metric);
  if (i < 0) return false;
  metric_->setCurrentIndex(i);
  redraw();
  return true;
}

QString VariabilityBoxView::metric() const { return metric_->currentData().toString(); }

QStringList VariabilityBoxView::pointNames(int i) const {
  QStringList out;
  for (int d : boxes_.at(i).points) out << QString::fromStdString(groups_[i].devices[d].device);
  return out;
}

void VariabilityBoxView::redraw() {
  resetPlot();
  boxes_.clear();
  auto* p = plot();
  const std::string m = metric().toStdString();
  const bool perf = m == "norm_perf";
  auto* boxes = new QCPStatisticalBox(p->xAxis, p->yAxis);
  boxes->setName("devices (box: quartiles, whiskers: 1.5 IQR)");
  boxes->setWidth(0.5);
  boxes->setBrush(QColor(0, 114, 178, 60));
  boxes->setPen(QPen(QColor(0, 80, 130), 1.2));
  boxes->setMedianPen(QPen(QColor(0, 60, 110), 2.5));
  boxes->setWhiskerPen(QPen(QColor(60, 60, 60), 1, Qt::DashLine));
  boxes->setWhiskerBarPen(QPen(QColor(60, 60, 60), 1.2));
  auto* beyond = p->addGraph();
  beyond->setName("beyond the whiskers");
  beyond->setLineStyle(QCPGraph::lsNone);
  beyond->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(90, 90, 90), 5));
  auto* flagged = p->addGraph();
  flagged->setName("outliers (module)");
  flagged->setLineStyle(QCPGraph::lsNone);
  flagged->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(200, 30, 30), QColor(200, 30, 30), 6));
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  QStringList lines;
  int flagged_total = 0;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    const auto& g = groups_[gi];
    Box b;
    try {
      b.stats = group_box(g, m);
    } catch (const std::exception&) {
      b.stats = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    }
    const double key = static_cast<double>(gi + 1);
    int n_flagged = 0;
    for (std::size_t d = 0; d < g.devices.size(); ++d) {
      const double v = device_value(g.devices[d], m);
      if (!std::isfinite(v)) continue;
      const bool out = v < b.stats.lower_fence || v > b.stats.upper_fence;
      if (!out && !g.devices[d].outlier) continue;
      b.points.push_back(static_cast<int>(d));
      (g.devices[d].outlier ? flagged : beyond)->addData(key, v);
      addPick(key, v, static_cast<int>(gi), static_cast<int>(d));
      n_flagged += g.devices[d].outlier;
    }
    flagged_total += n_flagged;
    if (std::isfinite(b.stats.median)) {
      boxes->addData(key, b.stats.lower_whisker, b.stats.q1, b.stats.median, b.stats.q3, b.stats.upper_whisker);
      const double var = stats::variation_percent(b.stats);
      ticker->addTick(key, QString("%1\n%2 devices, %3 outliers\nfence span %4%")
                               .arg(g.name)
                               .arg(g.devices.size())
                               .arg(n_flagged)
                               .arg(var, 0, 'f', 1));
      lines << QString("%1: median %2, IQR %3-%4, whiskers %5-%6, fence span %7%, %8 beyond the whiskers, %9 outliers")
                   .arg(g.name, format_number(b.stats.median), format_number(b.stats.q1), format_number(b.stats.q3),
                        format_number(b.stats.lower_whisker), format_number(b.stats.upper_whisker))
                   .arg(var, 0, 'f', 2)
                   .arg(static_cast<int>(b.points.size()) - n_flagged)
                   .arg(n_flagged);
    } else {
      ticker->addTick(key, g.name + "\n(no data)");
    }
    boxes_.push_back(std::move(b));
  }
  if (beyond->dataCount() == 0) beyond->removeFromLegend();
  if (flagged->dataCount() == 0) flagged->removeFromLegend();
  auto* median = new QCPItemStraightLine(p);
  median->point1->setCoords(0, 1);
  median->point2->setCoords(1, 1);
  median->setPen(QPen(QColor(120, 120, 120), 1, Qt::DotLine));
  p->xAxis->setTicker(ticker);
  p->xAxis->setSubTicks(false);
  p->xAxis->setTickLength(0, 4);
  p->xAxis->setLabel("");
  p->yAxis->setLabel(perf ? "normalised performance (median device = 1; higher is faster)"
                          : "normalised duration (median device = 1; higher is slower)");
  p->rescaleAxes(true);
  // After rescaleAxes, which would fit the keys exactly and cut the first and last boxes in half.
  p->xAxis->setRange(0.4, static_cast<double>(groups_.size()) + 0.6);
  bool found = false;
  auto range = boxes->getValueRange(found);
  for (auto* g : {beyond, flagged}) {
    bool f = false;
    const auto r = g->getValueRange(f);
    if (f) range.expand(r);
  }
  if (found) {
    range.expand(1.0);
    const double pad = std::max(range.size() * 0.08, 1e-3);
    // Room at the top for the legend, so it never covers a box or an outlier.
    p->yAxis->setRange(range.lower - pad, range.upper + std::max(range.size() * 0.3, pad));
  }
  p->legend->setVisible(true);
  p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  setTitle(groups_.empty() ? "no variability-profiler points in the chosen runs"
                           : QString("Per-device %1 per application, %2 outliers named on hover")
                                 .arg(perf ? "normalised performance" : "normalised duration")
                                 .arg(flagged_total));
  setSummary(lines.join("\n"));
  p->replot();
}

QString VariabilityBoxView::csv() const {
  QString out =
      "run_id,population,application,metric,devices,q1,median,q3,lower_whisker,upper_whisker,lower_fence,"
      "upper_fence,min,max,fence_span_pct,outliers,point_devices\n";
  for (std::size_t i = 0; i < boxes_.size(); ++i) {
    const auto& g = groups_[i];
    const auto& b = boxes_[i].stats;
    int flagged = 0;
    for (const auto& d : g.devices) flagged += d.outlier;
    auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 17) : QString(); };
    out += QString("%1,%2,%3,%4,%5,")
               .arg(g.run_id)
               .arg(csv_field(QString::fromStdString(g.population)), csv_field(QString::fromStdString(g.application)),
                    metric())
               .arg(g.devices.size());
    out += QStringList{num(b.q1), num(b.median), num(b.q3), num(b.lower_whisker), num(b.upper_whisker),
                       num(b.lower_fence), num(b.upper_fence), num(b.min), num(b.max),
                       std::isfinite(b.median) ? num(stats::variation_percent(b)) : QString()}
               .join(',');
    out += QString(",%1,%2\n").arg(flagged).arg(csv_field(pointNames(static_cast<int>(i)).join(';')));
  }
  return out;
}

}  // namespace plab::widgets
