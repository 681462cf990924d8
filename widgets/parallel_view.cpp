#include "widgets/parallel_view.h"

#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <qcustomplot.h>
#include <set>

#include "widgets/plot_style.h"

namespace plab::widgets {

ParallelView::ParallelView(QWidget* parent) : PlotView(parent) {
  setObjectName("parallelView");
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("Parallel coordinates");
  style_plot(plot_);
  plot_->setInteractions(QCP::Interactions());  // dragging brushes instead of panning
  summary_ = new QLabel(this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(plot_, 1);
  layout->addWidget(summary_);
  out_ = new QCPCurve(plot_->xAxis, plot_->yAxis);
  out_->setPen(QPen(QColor(190, 190, 190, 90), 1));
  out_->setName("outside the brushes");
  in_ = new QCPCurve(plot_->xAxis, plot_->yAxis);
  in_->setPen(QPen(QColor(0, 114, 178, 160), 1.2));
  in_->setName("selected");
  selected_ = new QCPCurve(plot_->xAxis, plot_->yAxis);
  selected_->setPen(QPen(Qt::black, 3));
  plot_->yAxis->setRange(-0.08, 1.08);
  plot_->yAxis->setTickLabels(false);
  plot_->yAxis->grid()->setVisible(false);
  plot_->yAxis->setLabel("each axis scaled to its own range (min at the bottom)");
  plot_->installEventFilter(this);
}

void ParallelView::setRuns(const std::vector<RunData>& runs, const MetricCatalog& /*catalog*/) {
  points_ = view_points(runs);
  highlighted_ = -1;
  dims_.clear();
  brushes_.clear();
  std::set<std::string> params;
  for (const auto& p : points_)
    if (p.config.is_object())
      for (const auto& [k, v] : p.config.items())
        if (v.is_number() || v.is_boolean()) params.insert(k);
  auto add = [&](const QString& name, bool metric, auto get) {
    Dim d{name, metric, INFINITY, -INFINITY, {}};
    for (const auto& p : points_) {
      const double v = get(p);
      d.values.push_back(v);
      if (std::isfinite(v)) {
        d.lo = std::min(d.lo, v);
        d.hi = std::max(d.hi, v);
      }
    }
    if (!std::isfinite(d.lo)) return;
    if (d.hi <= d.lo) {
      d.lo -= 0.5;
      d.hi += 0.5;
    }
    dims_.push_back(std::move(d));
  };
  for (const auto& k : params)
    add(QString::fromStdString(k), false, [&](const ViewPoint& p) -> double {
      auto it = p.config.find(k);
      if (it == p.config.end()) return NAN;
      return it->is_boolean() ? (it->get<bool>() ? 1.0 : 0.0) : it->get<double>();
    });
  for (const auto& m : metric_names(points_))
    add(QString::fromStdString(m), true, [&](const ViewPoint& p) -> double { return metric_value(p, m); });
  redraw();
}

void ParallelView::highlightPoint(qint64 run, qint64 seq) {
  highlighted_ = -1;
  for (std::size_t i = 0; i < points_.size(); ++i)
    if (points_[i].run_id == run && points_[i].seq == seq) highlighted_ = static_cast<int>(i);
  redraw();
}

QStringList ParallelView::dimensions() const {
  QStringList out;
  for (const auto& d : dims_) out << d.name;
  return out;
}

double ParallelView::norm(const Dim& d, double v) const { return (v - d.lo) / (d.hi - d.lo); }

bool ParallelView::passes(std::size_t i) const {
  for (const auto& [dim, range] : brushes_) {
    const double v = dims_[dim].values[i];
    if (!(v >= range.first && v <= range.second)) return false;
  }
  return true;
}

int ParallelView::brushedCount() const {
  int n = 0;
  for (std::size_t i = 0; i < points_.size(); ++i) n += passes(i);
  return n;
}

void ParallelView::setBrush(int dim, double lo, double hi) {
  if (dim < 0 || dim >= static_cast<int>(dims_.size())) return;
  if (std::isnan(lo)) brushes_.erase(dim);
  else brushes_[dim] = {std::min(lo, hi), std::max(lo, hi)};
  redraw();
}

void ParallelView::clearBrushes() {
  brushes_.clear();
  redraw();
}

void ParallelView::redraw() {
  plot_->clearItems();  // axes, labels and brush rectangles are rebuilt below
  brushItems_.clear();
  QVector<double> it, ik, iv, ot, ok, ov;
  double tin = 0, tout = 0;
  const std::size_t shown = std::min<std::size_t>(points_.size(), 5000);
  for (std::size_t i = 0; i < shown; ++i) {
    const bool in = passes(i);
    auto& t = in ? it : ot;
    auto& k = in ? ik : ok;
    auto& v = in ? iv : ov;
    double& tt = in ? tin : tout;
    for (std::size_t d = 0; d < dims_.size(); ++d) {
      t << tt++;
      k << static_cast<double>(d);
      v << norm(dims_[d], dims_[d].values[i]);
    }
    t << tt++;
    k << static_cast<double>(dims_.size() - 1);
    v << qQNaN();  // a gap between two points' lines
  }
  QVector<double> sk, sv;
  if (highlighted_ >= 0)
    for (std::size_t d = 0; d < dims_.size(); ++d) {
      sk << static_cast<double>(d);
      sv << norm(dims_[d], dims_[d].values[highlighted_]);
    }
  QVector<double> st(sk.size());
  std::iota(st.begin(), st.end(), 0.0);
  selected_->setData(st, sk, sv);
  const int alpha = std::clamp(static_cast<int>(60000 / std::max<std::size_t>(1, shown)), 25, 180);
  in_->setPen(QPen(QColor(0, 114, 178, alpha), 1.2));
  in_->setData(it, ik, iv);
  out_->setData(ot, ok, ov);
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (std::size_t d = 0; d < dims_.size(); ++d) {
    ticker->addTick(static_cast<double>(d), dims_[d].name + (dims_[d].metric ? "\n(metric)" : ""));
    auto* axis = new QCPItemStraightLine(plot_);
    axis->point1->setCoords(static_cast<double>(d), 0);
    axis->point2->setCoords(static_cast<double>(d), 1);
    axis->setPen(QPen(Qt::black, 1));
    for (auto [y, val] : {std::pair{-0.04, dims_[d].lo}, std::pair{1.04, dims_[d].hi}}) {
      auto* label = new QCPItemText(plot_);
      label->position->setCoords(static_cast<double>(d), y);
      label->setText(format_number(val));
      label->setFont(QFont(font().family(), 8));
    }
  }
  for (const auto& [dim, range] : brushes_) {
    auto* rect = new QCPItemRect(plot_);
    rect->topLeft->setCoords(dim - 0.06, norm(dims_[dim], range.second));
    rect->bottomRight->setCoords(dim + 0.06, norm(dims_[dim], range.first));
    rect->setBrush(QColor(230, 159, 0, 90));
    rect->setPen(QPen(QColor(230, 159, 0)));
    brushItems_.push_back(rect);
  }
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setRange(-0.3, std::max<double>(1, static_cast<double>(dims_.size()) - 0.7));
  plot_->xAxis->grid()->setVisible(false);
  summary_->setText(QString("%1 of %2 points inside the brushes%3; drag along an axis to brush, double-click to clear")
                        .arg(brushedCount())
                        .arg(points_.size())
                        .arg(points_.size() > shown ? QString(" (first %1 drawn)").arg(shown) : QString()));
  plot_->replot();
}

bool ParallelView::eventFilter(QObject* watched, QEvent* event) {
  if (watched != plot_ || dims_.empty()) return PlotView::eventFilter(watched, event);
  auto* me = dynamic_cast<QMouseEvent*>(event);
  if (!me) return PlotView::eventFilter(watched, event);
  const double x = plot_->xAxis->pixelToCoord(me->position().x());
  const double y = plot_->yAxis->pixelToCoord(me->position().y());
  if (event->type() == QEvent::MouseButtonDblClick) {
    clearBrushes();
  } else if (event->type() == QEvent::MouseButtonPress && me->button() == Qt::LeftButton) {
    const int d = static_cast<int>(std::lround(x));
    dragDim_ = (d >= 0 && d < static_cast<int>(dims_.size()) && std::fabs(x - d) < 0.15) ? d : -1;
    dragStart_ = y;
  } else if (event->type() == QEvent::MouseButtonRelease && dragDim_ >= 0) {
    const Dim& d = dims_[dragDim_];
    const double a = d.lo + std::clamp(dragStart_, 0.0, 1.0) * (d.hi - d.lo);
    const double b = d.lo + std::clamp(y, 0.0, 1.0) * (d.hi - d.lo);
    if (std::fabs(y - dragStart_) > 0.01) setBrush(dragDim_, a, b);
    dragDim_ = -1;
  }
  return PlotView::eventFilter(watched, event);
}

QString ParallelView::csv() const {
  QString out = "run_id,seq";
  for (const auto& d : dims_) out += "," + csv_field(d.name);
  out += ",brushed\n";
  for (std::size_t i = 0; i < points_.size(); ++i) {
    out += QString("%1,%2").arg(points_[i].run_id).arg(points_[i].seq);
    for (const auto& d : dims_) out += "," + (std::isfinite(d.values[i]) ? QString::number(d.values[i], 'g', 17) : QString());
    out += passes(i) ? ",1\n" : ",0\n";
  }
  return out;
}

}  // namespace plab::widgets
