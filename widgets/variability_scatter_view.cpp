#include "widgets/variability_scatter_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/plot_style.h"

namespace plab::widgets {
namespace {

QString r_text(const stats::Correlation& c) {
  if (c.n == 0 || !std::isfinite(c.r)) return "r = n/a";
  QString s = QString("r = %1").arg(c.r, 0, 'f', 3);
  if (std::isfinite(c.ci_low)) s += QString(" [%1, %2]").arg(c.ci_low, 0, 'f', 2).arg(c.ci_high, 0, 'f', 2);
  return s;
}

}  // namespace

VariabilityScatterView::VariabilityScatterView(QWidget* parent) : VarPlotView(parent) {
  setObjectName("variabilityScatterView");
  plot()->setObjectName("Performance against sensor");
  sensor_ = new QComboBox(this);
  for (const auto& s : var_sensors()) sensor_->addItem(QString::fromUtf8(s.title), s.key);
  group_ = new QComboBox(this);
  toolBar()->addWidget(new QLabel("x:", this));
  toolBar()->addWidget(sensor_);
  toolBar()->addSpacing(12);
  toolBar()->addWidget(new QLabel("application:", this));
  toolBar()->addWidget(group_, 1);
  toolBar()->addStretch();
  for (auto* c : {sensor_, group_})
    connect(c, &QComboBox::currentIndexChanged, this, [this] {
      if (!updating_) redraw();
    });
}

bool VariabilityScatterView::setSensor(const QString& sensor) {
  const VarSensor* s = find_sensor(sensor);
  if (!s) return false;
  updating_ = true;
  sensor_->setCurrentIndex(sensor_->findData(QString(s->key)));
  updating_ = false;
  redraw();
  return true;
}

QString VariabilityScatterView::sensor() const { return sensor_->currentData().toString(); }

bool VariabilityScatterView::setGroup(int group) {
  if (group < -1 || group >= static_cast<int>(groups_.size())) return false;
  updating_ = true;
  group_->setCurrentIndex(group + 1);
  updating_ = false;
  redraw();
  return true;
}

QStringList VariabilityScatterView::availableSensors() const {
  QStringList out;
  for (const auto& s : var_sensors()) {
    bool any = false;
    for (const auto& g : groups_)
      for (const auto& d : g.devices) any = any || std::isfinite(device_value(d, s.key));
    if (any) out << s.key;
  }
  return out;
}

stats::Correlation VariabilityScatterView::correlation(int group) const {
  if (group < 0 || group >= static_cast<int>(pearson_.size())) return {};
  return pearson_[group];
}

void VariabilityScatterView::groupsChanged() {
  updating_ = true;
  const int old = group_->currentIndex();
  group_->clear();
  group_->addItem("all applications", -1);
  for (std::size_t i = 0; i < groups_.size(); ++i) group_->addItem(groups_[i].name, static_cast<int>(i));
  group_->setCurrentIndex(old > 0 && old < group_->count() ? old : 0);
  const QStringList have = availableSensors();
  if (!have.isEmpty() && !have.contains(sensor())) sensor_->setCurrentIndex(sensor_->findData(have.front()));
  updating_ = false;
}

void VariabilityScatterView::redraw() {
  resetPlot();
  labelled_.clear();
  auto* p = plot();
  const std::string key = sensor().toStdString();
  const VarSensor* s = find_sensor(sensor());
  const int only = group_->currentData().isValid() ? group_->currentData().toInt() : -1;
  pearson_.assign(groups_.size(), {});
  spearman_.assign(groups_.size(), {});
  auto* outliers = p->addGraph();
  outliers->setName("outliers (module)");
  outliers->setLineStyle(QCPGraph::lsNone);
  outliers->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(200, 30, 30), 2), Qt::NoBrush, 9));
  struct Flagged {
    int group, device;
    double x, y;
  };
  std::vector<Flagged> flagged;
  QStringList lines;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    if (only >= 0 && static_cast<int>(gi) != only) continue;
    const auto& g = groups_[gi];
    QVector<double> x, y;
    for (std::size_t d = 0; d < g.devices.size(); ++d) {
      const auto& dev = g.devices[d];
      const double xv = device_value(dev, key);
      if (!std::isfinite(xv) || !std::isfinite(dev.norm_perf)) continue;
      x << xv;
      y << dev.norm_perf;
      addPick(xv, dev.norm_perf, static_cast<int>(gi), static_cast<int>(d));
      if (dev.outlier) {
        outliers->addData(xv, dev.norm_perf);
        flagged.push_back({static_cast<int>(gi), static_cast<int>(d), xv, dev.norm_perf});
      }
    }
    if (x.isEmpty()) continue;
    if (x.size() >= 3) {
      pearson_[gi] = stats::pearson({x.constData(), static_cast<std::size_t>(x.size())},
                                    {y.constData(), static_cast<std::size_t>(y.size())});
      spearman_[gi] = stats::spearman({x.constData(), static_cast<std::size_t>(x.size())},
                                      {y.constData(), static_cast<std::size_t>(y.size())});
    }
    QColor c = series_color(static_cast<int>(gi));
    QColor fill = c;
    fill.setAlpha(x.size() > 500 ? 90 : 170);
    auto* graph = p->addGraph();
    graph->setName(QString("%1: %2, ρ = %3 (n = %4)")
                       .arg(g.name, r_text(pearson_[gi]),
                            std::isfinite(spearman_[gi].r) && spearman_[gi].n ? QString::number(spearman_[gi].r, 'f', 3)
                                                                              : QString("n/a"))
                       .arg(x.size()));
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, fill, fill, x.size() > 500 ? 4 : 6));
    graph->setData(x, y);
    lines << QString("%1: Pearson %2, p = %3; Spearman rho = %4 [%5, %6]; %7 devices")
                 .arg(g.name, r_text(pearson_[gi]), format_number(pearson_[gi].p_value),
                      format_number(spearman_[gi].r), format_number(spearman_[gi].ci_low),
                      format_number(spearman_[gi].ci_high))
                 .arg(x.size());
  }
  outliers->setLayer("overlay");
  if (outliers->dataCount() == 0) outliers->removeFromLegend();
  // The outliers to label: the farthest from the median device first.
  std::sort(flagged.begin(), flagged.end(),
            [](const Flagged& a, const Flagged& b) { return std::fabs(a.y - 1) > std::fabs(b.y - 1); });
  if (flagged.size() > static_cast<std::size_t>(kMaxLabels)) flagged.resize(kMaxLabels);
  p->xAxis->setLabel(s ? QString::fromUtf8(s->title) : sensor());
  p->yAxis->setLabel("normalised performance (median device = 1)");
  p->rescaleAxes();
  p->xAxis->scaleRange(1.12);
  p->yAxis->scaleRange(1.12);
  p->legend->setVisible(p->graphCount() > 2);
  p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  const int total_outliers = static_cast<int>(outliers->dataCount());
  setTitle(groups_.empty() ? "no variability-profiler points in the chosen runs"
           : pearson_.empty() || p->graphCount() <= 2
               ? QString("no device reports %1").arg(s ? QString::fromUtf8(s->title) : sensor())
               : QString("Normalised performance against %1; %2 outliers%3")
                     .arg(s ? QString::fromUtf8(s->alias) : sensor())
                     .arg(total_outliers)
                     .arg(total_outliers > kMaxLabels ? QString(", the %1 most extreme named").arg(kMaxLabels)
                                                      : QString(total_outliers ? ", named" : "")));
  std::vector<Label> labels;
  for (const auto& fl : flagged) {
    labelled_ << QString::fromStdString(groups_[fl.group].devices[fl.device].device);
    labels.push_back({fl.x, fl.y, labelled_.back()});
  }
  placeLabels(labels, 1);
  setSummary(lines.join("\n"));
  p->replot();
}

QString VariabilityScatterView::csv() const {
  const QString key = sensor();
  QString out = "run_id,population,application,device,node,norm_perf," + key + ",outlier\n";
  const int only = group_->currentData().isValid() ? group_->currentData().toInt() : -1;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    if (only >= 0 && static_cast<int>(gi) != only) continue;
    const auto& g = groups_[gi];
    for (const auto& d : g.devices) {
      const double x = device_value(d, key.toStdString());
      if (!std::isfinite(x)) continue;
      out += QString("%1,%2,%3,%4,%5,%6,%7,%8\n")
                 .arg(g.run_id)
                 .arg(csv_field(QString::fromStdString(g.population)), csv_field(QString::fromStdString(g.application)),
                      csv_field(QString::fromStdString(d.device)), csv_field(QString::fromStdString(d.node)))
                 .arg(d.norm_perf, 0, 'g', 17)
                 .arg(x, 0, 'g', 17)
                 .arg(d.outlier ? 1 : 0);
    }
  }
  return out;
}

}  // namespace plab::widgets
