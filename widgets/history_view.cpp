#include "widgets/history_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/plot_style.h"

namespace plab::widgets {

HistoryView::HistoryView(QWidget* parent) : PlotView(parent) {
  setObjectName("historyView");
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("Optimisation history");
  style_plot(plot_);
  plot_->legend->setVisible(true);
  metric_ = new QComboBox(this);
  dir_ = new QComboBox(this);
  dir_->addItem("minimise", static_cast<int>(Direction::Minimize));
  dir_->addItem("maximise", static_cast<int>(Direction::Maximize));
  summary_ = new QLabel(this);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel("metric:", this));
  bar->addWidget(metric_, 1);
  bar->addWidget(dir_);
  bar->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(plot_, 1);
  layout->addWidget(summary_);
  connect(metric_, &QComboBox::currentIndexChanged, this, [this] {
    if (updating_) return;
    auto it = meta_.find(metric_->currentText().toStdString());
    updating_ = true;
    dir_->setCurrentIndex(it != meta_.end() && it->second.direction == Direction::Maximize ? 1 : 0);
    updating_ = false;
    redraw();
  });
  connect(dir_, &QComboBox::currentIndexChanged, this, [this] {
    if (!updating_) redraw();
  });
}

void HistoryView::setRuns(const std::vector<RunData>& runs, const MetricCatalog& catalog) {
  runs_ = runs;
  meta_.clear();
  std::vector<std::string> defaults;
  const auto points = view_points(runs_);
  const auto names = metric_names(points);
  for (const auto& r : runs_) {
    if (defaults.empty()) defaults = catalog.default_objectives(r.record.module);
    for (const auto& n : names) {
      auto m = catalog.meta(r.record.module, n);
      if (m.known || !meta_.count(n)) meta_[n] = m;
    }
  }
  updating_ = true;
  const QString old = metric_->currentText();
  metric_->clear();
  for (const auto& n : names) metric_->addItem(QString::fromStdString(n));
  int i = metric_->findText(old);
  if (i < 0 && !defaults.empty()) i = metric_->findText(QString::fromStdString(defaults[0]));
  metric_->setCurrentIndex(std::max(0, i));
  if (old != metric_->currentText()) {
    auto it = meta_.find(metric_->currentText().toStdString());
    dir_->setCurrentIndex(it != meta_.end() && it->second.direction == Direction::Maximize ? 1 : 0);
  }
  updating_ = false;
  redraw();
}

bool HistoryView::setMetric(const QString& name, Direction direction) {
  const int i = metric_->findText(name);
  if (i < 0) return false;
  updating_ = true;
  metric_->setCurrentIndex(i);
  dir_->setCurrentIndex(direction == Direction::Maximize ? 1 : 0);
  updating_ = false;
  redraw();
  return true;
}

void HistoryView::redraw() {
  plot_->clearGraphs();
  series_.clear();
  const std::string name = metric_->currentText().toStdString();
  const auto dir = static_cast<Direction>(dir_->currentData().toInt());
  int color = 0;
  QStringList best_text;
  for (const auto& r : runs_) {
    Series s{r.record.id, QString("run %1 (%2)").arg(r.record.id).arg(QString::fromStdString(r.record.module)), {}, {}, {}};
    for (const auto& p : r.points) {
      auto it = p.point.metrics.find(name);
      if (it == p.point.metrics.end()) continue;
      s.seq.push_back(static_cast<double>(s.evals.size()));
      s.point_seq.push_back(p.seq);
      s.evals.push_back({it->second, p.point.feasible});
    }
    if (s.evals.empty()) continue;
    const QColor c = series_color(color++);
    QVector<double> x, y, ix, iy;
    for (std::size_t i = 0; i < s.evals.size(); ++i) {
      (s.evals[i].feasible ? x : ix) << s.seq[i];
      (s.evals[i].feasible ? y : iy) << s.evals[i].value;
    }
    auto* evals = plot_->addGraph();
    evals->setName(s.name + " evaluations");
    evals->setLineStyle(QCPGraph::lsNone);
    QColor light = c;
    light.setAlpha(110);
    evals->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, light, light, 5));
    evals->setData(x, y, true);
    if (!ix.isEmpty()) {
      auto* inf = plot_->addGraph();
      inf->setName(s.name + " infeasible");
      inf->setLineStyle(QCPGraph::lsNone);
      inf->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, light, 6));
      inf->setData(ix, iy, true);
    }
    const auto best = analysis::best_so_far(s.evals, dir);
    QVector<double> bx, by;
    for (std::size_t i = 0; i < best.size(); ++i)
      if (std::isfinite(best[i])) {
        bx << s.seq[i];
        by << best[i];
      }
    auto* line = plot_->addGraph();
    line->setName(s.name + " best so far");
    line->setLineStyle(QCPGraph::lsStepLeft);
    line->setPen(QPen(c, 2));
    line->setData(bx, by, true);
    if (!by.isEmpty()) best_text << QString("run %1: best %2").arg(r.record.id).arg(format_number(by.back()));
    series_.push_back(std::move(s));
  }
  marker_ = plot_->addGraph();
  marker_->setName("selected");
  marker_->removeFromLegend();
  marker_->setLineStyle(QCPGraph::lsNone);
  marker_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
  auto it = meta_.find(name);
  plot_->xAxis->setLabel("evaluation");
  plot_->yAxis->setLabel(QString::fromStdString(axis_title(name, it == meta_.end() ? "" : it->second.unit)) +
                         (dir == Direction::Maximize ? "  (maximise)" : "  (minimise)"));
  plot_->rescaleAxes();
  fit_axis(plot_->xAxis);
  fit_axis(plot_->yAxis);
  summary_->setText(best_text.isEmpty() ? "no feasible evaluation" : best_text.join(";  "));
  plot_->replot();
}

int HistoryView::markedCount() const { return marker_ ? marker_->dataCount() : 0; }

void HistoryView::markPoint(qint64 run, qint64 seq) {
  if (!marker_) return;
  marker_->data()->clear();
  for (const auto& s : series_)
    if (s.run_id == run)
      for (std::size_t i = 0; i < s.evals.size(); ++i)
        if (s.point_seq[i] == seq) marker_->setData(QVector<double>{s.seq[i]}, QVector<double>{s.evals[i].value});
  plot_->replot();
}

std::vector<double> HistoryView::bestSoFar(int run_index) const {
  if (run_index < 0 || run_index >= static_cast<int>(series_.size())) return {};
  return analysis::best_so_far(series_[run_index].evals, static_cast<Direction>(dir_->currentData().toInt()));
}

QString HistoryView::csv() const {
  QString out = "run_id,evaluation," + csv_field(metric_->currentText()) + ",feasible,best_so_far\n";
  for (std::size_t s = 0; s < series_.size(); ++s) {
    const auto best = bestSoFar(static_cast<int>(s));
    for (std::size_t i = 0; i < series_[s].evals.size(); ++i)
      out += QString("%1,%2,%3,%4,%5\n")
                 .arg(series_[s].run_id)
                 .arg(i)
                 .arg(series_[s].evals[i].value, 0, 'g', 17)
                 .arg(series_[s].evals[i].feasible ? 1 : 0)
                 .arg(std::isfinite(best[i]) ? QString::number(best[i], 'g', 17) : QString());
  }
  return out;
}

}  // namespace plab::widgets
