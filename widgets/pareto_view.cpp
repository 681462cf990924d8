#include "widgets/pareto_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QSpinBox>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>
#include <set>

#include "widgets/plot_style.h"

namespace plab::widgets {
namespace {

QComboBox* direction_box(QWidget* parent) {
  auto* c = new QComboBox(parent);
  c->addItem("minimise", static_cast<int>(Direction::Minimize));
  c->addItem("maximise", static_cast<int>(Direction::Maximize));
  return c;
}

Direction dir_of(const QComboBox* c) { return static_cast<Direction>(c->currentData().toInt()); }

QCPGraph* scatter(QCustomPlot* plot, const QString& name, QCPScatterStyle style, bool line = false) {
  auto* g = plot->addGraph();
  g->setName(name);
  g->setLineStyle(line ? QCPGraph::lsLine : QCPGraph::lsNone);
  g->setScatterStyle(style);
  return g;
}

}  // namespace

ParetoView::ParetoView(QWidget* parent) : PlotView(parent) {
  setObjectName("paretoView");
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("Pareto front");
  style_plot(plot_);
  xName_ = new QComboBox(this);
  yName_ = new QComboBox(this);
  xDir_ = direction_box(this);
  yDir_ = direction_box(this);
  topK_ = new QSpinBox(this);
  topK_->setRange(0, 1000000);
  topK_->setSpecialValueText("all");
  topK_->setToolTip("Show only the K best points (by Pareto rank); 'all' shows every point");
  frontMode_ = new QComboBox(this);
  frontMode_->addItem("one front");
  frontMode_->addItem("a front per run");
  frontMode_->setCurrentIndex(1);
  frontMode_->setToolTip("With several runs: each run's own front and hypervolume, or one front over all their points");
  summary_ = new QLabel(this);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel("x:", this));
  bar->addWidget(xName_, 1);
  bar->addWidget(xDir_);
  bar->addSpacing(12);
  bar->addWidget(new QLabel("y:", this));
  bar->addWidget(yName_, 1);
  bar->addWidget(yDir_);
  bar->addSpacing(12);
  bar->addWidget(new QLabel("top K:", this));
  bar->addWidget(topK_);
  bar->addSpacing(12);
  bar->addWidget(frontMode_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(plot_, 1);
  layout->addWidget(summary_);

  const QColor front = series_color(1), dominated(150, 150, 150, 140);
  dominated_ = scatter(plot_, "dominated", QCPScatterStyle(QCPScatterStyle::ssCircle, dominated, dominated, 5));
  infeasible_ = scatter(plot_, "infeasible", QCPScatterStyle(QCPScatterStyle::ssCross, QColor(200, 30, 30), 7));
  front_line_ = scatter(plot_, "non-dominated", QCPScatterStyle(QCPScatterStyle::ssDisc, front, front, 8), true);
  front_line_->setPen(QPen(front, 1.5));
  selected_graph_ = scatter(plot_, "selected", QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
  hover_graph_ = scatter(plot_, "hover", QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0, 114, 178), 2), Qt::NoBrush, 12));
  hover_graph_->setLayer("overlay");
  selected_graph_->removeFromLegend();
  hover_graph_->removeFromLegend();
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  for (auto* c : {xName_, yName_, xDir_, yDir_})
    connect(c, &QComboBox::currentIndexChanged, this, [this] {
      if (!updating_) redraw();
    });
  connect(topK_, &QSpinBox::valueChanged, this, [this] { redraw(); });
  connect(frontMode_, &QComboBox::currentIndexChanged, this, [this] {
    if (!updating_) redraw();
  });
  plot_->setMouseTracking(true);
  plot_->installEventFilter(this);
}

void ParetoView::setRuns(const std::vector<RunData>& runs, const MetricCatalog& catalog) {
  points_ = view_points(runs);
  meta_.clear();
  defaults_.clear();
  for (const auto& r : runs) {
    if (defaults_.empty()) defaults_ = catalog.default_objectives(r.record.module);
    for (const auto& name : metric_names(points_)) {
      auto m = catalog.meta(r.record.module, name);
      if (m.known || !meta_.count(name)) meta_[name] = m;
    }
  }
  selected_ = hovered_ = -1;
  refill();
}

void ParetoView::refill() {
  updating_ = true;
  const QString oldX = xName_->currentText(), oldY = yName_->currentText();
  const auto names = metric_names(points_);
  xName_->clear();
  yName_->clear();
  for (const auto& n : names) {
    xName_->addItem(QString::fromStdString(n));
    yName_->addItem(QString::fromStdString(n));
  }
  auto choose = [&](QComboBox* name, QComboBox* dir, const QString& old, int def_index, int fallback) {
    int i = name->findText(old);
    if (i < 0 && def_index < static_cast<int>(defaults_.size()))
      i = name->findText(QString::fromStdString(defaults_[def_index]));
    if (i < 0) i = std::min(fallback, name->count() - 1);
    name->setCurrentIndex(i);
    if (i >= 0 && old != name->currentText()) {
      auto it = meta_.find(name->currentText().toStdString());
      dir->setCurrentIndex(it != meta_.end() && it->second.direction == Direction::Maximize ? 1 : 0);
    }
  };
  choose(xName_, xDir_, oldX, 0, 0);
  choose(yName_, yDir_, oldY, 1, 1);
  updating_ = false;
  redraw();
}

bool ParetoView::setObjectives(const QString& x, Direction dx, const QString& y, Direction dy) {
  const int xi = xName_->findText(x), yi = yName_->findText(y);
  if (xi < 0 || yi < 0) return false;
  updating_ = true;
  xName_->setCurrentIndex(xi);
  yName_->setCurrentIndex(yi);
  xDir_->setCurrentIndex(dx == Direction::Maximize ? 1 : 0);
  yDir_->setCurrentIndex(dy == Direction::Maximize ? 1 : 0);
  updating_ = false;
  redraw();
  return true;
}

void ParetoView::setTopK(int k) { topK_->setValue(k); }

void ParetoView::setFrontPerRun(bool perRun) { frontMode_->setCurrentIndex(perRun ? 1 : 0); }

analysis::Directions ParetoView::directions() const { return {dir_of(xDir_), dir_of(yDir_)}; }

void ParetoView::redraw() {
  const std::string xn = xName_->currentText().toStdString(), yn = yName_->currentText().toStdString();
  obj_.clear();
  for (const auto& p : points_) obj_.push_back({metric_value(p, xn), metric_value(p, yn), p.feasible});
  const auto d = directions();
  shown_.assign(obj_.size(), topK_->value() == 0);
  if (topK_->value() > 0)
    for (auto i : analysis::top_k(obj_, d, static_cast<std::size_t>(topK_->value()))) shown_[i] = true;

  // The groups a front is taken over: each run's points, or all of them.
  std::vector<qint64> runs;
  for (const auto& p : points_)
    if (std::find(runs.begin(), runs.end(), p.run_id) == runs.end()) runs.push_back(p.run_id);
  const bool perRun = frontMode_->currentIndex() == 1 && runs.size() > 1;
  const auto ref = analysis::nadir(obj_, d);
  fronts_.clear();
  front_.clear();
  for (std::size_t g = 0; g < (perRun ? runs.size() : 1); ++g) {
    Front f;
    f.run = perRun ? runs[g] : 0;
    std::vector<std::size_t> members;
    std::vector<analysis::ObjPoint> sub;
    std::set<std::string> labels;
    for (std::size_t i = 0; i < obj_.size(); ++i) {
      if (perRun && points_[i].run_id != f.run) continue;
      members.push_back(i);
      sub.push_back(obj_[i]);
      labels.insert(points_[i].label);
    }
    for (auto k : analysis::non_dominated(sub, d)) f.points.push_back(members[k]);
    f.hypervolume = ref ? analysis::hypervolume(sub, d, *ref) : 0;
    f.name = !perRun ? QString("non-dominated")
             : labels.size() == 1 && !labels.begin()->empty()
                 ? QString("run %1: %2").arg(f.run).arg(QString::fromStdString(*labels.begin()))
                 : QString("run %1").arg(f.run);
    front_.insert(front_.end(), f.points.begin(), f.points.end());
    fronts_.push_back(std::move(f));
  }
  std::vector<bool> on_front(obj_.size(), false);
  for (auto i : front_) on_front[i] = true;

  QVector<double> dx, dy, ix, iy;
  for (std::size_t i = 0; i < obj_.size(); ++i) {
    if (!shown_[i] || !std::isfinite(obj_[i].x) || !std::isfinite(obj_[i].y)) continue;
    if (!obj_[i].feasible) {
      ix << obj_[i].x;
      iy << obj_[i].y;
    } else if (!on_front[i]) {
      dx << obj_[i].x;
      dy << obj_[i].y;
    }
  }
  dominated_->setData(dx, dy);
  infeasible_->setData(ix, iy);
  drawFronts();

  auto title = [&](const std::string& n) {
    auto it = meta_.find(n);
    return QString::fromStdString(axis_title(n, it == meta_.end() ? "" : it->second.unit));
  };
  plot_->xAxis->setLabel(title(xn) + (d.x == Direction::Maximize ? "  (maximise →)" : "  (← minimise)"));
  plot_->yAxis->setLabel(title(yn) + (d.y == Direction::Maximize ? "  (maximise ↑)" : "  (↓ minimise)"));
  plot_->rescaleAxes();
  fit_axis(plot_->xAxis);
  fit_axis(plot_->yAxis);

  hypervolume_ = ref ? analysis::hypervolume(obj_, d, *ref) : 0;
  std::size_t infeasible = 0;
  for (const auto& o : obj_) infeasible += !o.feasible;
  const QString reference = QString("(reference: the nadir %1, %2)")
                                .arg(ref ? format_number(ref->x) : "-")
                                .arg(ref ? format_number(ref->y) : "-");
  if (!perRun) {
    summary_->setText(QString("%1 points, %2 non-dominated, %3 infeasible; hypervolume %4 %5")
                          .arg(obj_.size())
                          .arg(front_.size())
                          .arg(infeasible)
                          .arg(format_number(hypervolume_), reference));
  } else {
    QStringList parts;
    for (const auto& f : fronts_)
      parts << QString("%1: %2 non-dominated, hypervolume %3").arg(f.name).arg(f.points.size()).arg(format_number(f.hypervolume));
    summary_->setText(QString("%1 points, %2 infeasible; %3; all together %4 %5")
                          .arg(obj_.size())
                          .arg(infeasible)
                          .arg(parts.join("; "), format_number(hypervolume_), reference));
  }
  updateMarkers();
  plot_->replot();
  placeLegend();
}

void ParetoView::drawFronts() {
  for (auto* g : runFronts_) plot_->removeGraph(g);
  runFronts_.clear();
  for (std::size_t g = 0; g < fronts_.size(); ++g) {
    QCPGraph* graph = front_line_;
    if (g > 0) {
      const QColor c = series_color(static_cast<int>(g) + 1);
      graph = plot_->addGraph();
      graph->setLineStyle(QCPGraph::lsLine);
      graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 8));
      graph->setPen(QPen(c, 1.5));
      runFronts_.push_back(graph);
    }
    graph->setName(fronts_[g].name);
    QVector<double> fx, fy;
    for (auto i : fronts_[g].points)
      if (shown_[i]) {
        fx << obj_[i].x;
        fy << obj_[i].y;
      }
    graph->setData(fx, fy, true);  // already sorted by x
  }
  // The selection marker stays above every front (a layer draws its children in order, and
  // setLayer moves it to the end even onto its own layer).
  selected_graph_->setLayer(selected_graph_->layer());
}

void ParetoView::placeLegend() {
  // The corner of the plot whose legend-sized box covers the fewest points (top right first).
  QCPAxisRect* rect = plot_->axisRect();
  const QSize legend = plot_->legend->minimumOuterSizeHint();
  const QRect area = rect->rect();
  if (area.width() <= 0 || area.height() <= 0) return;
  const Qt::Alignment corners[] = {Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
                                   Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};
  Qt::Alignment best = corners[0];
  int fewest = -1;
  for (auto c : corners) {
    const int left = (c & Qt::AlignLeft) ? area.left() : area.right() - legend.width() - 12;
    const int top = (c & Qt::AlignTop) ? area.top() : area.bottom() - legend.height() - 12;
    const QRect box(left, top, legend.width() + 12, legend.height() + 12);
    int covered = 0;
    for (std::size_t i = 0; i < obj_.size(); ++i)
      if (shown_[i] && std::isfinite(obj_[i].x) && std::isfinite(obj_[i].y) && box.contains(pixelOf(static_cast<int>(i))))
        ++covered;
    if (fewest < 0 || covered < fewest) {
      fewest = covered;
      best = c;
    }
  }
  if (best != legendCorner_) {
    legendCorner_ = best;
    rect->insetLayout()->setInsetAlignment(0, best);
    plot_->replot();
  }
}

void ParetoView::updateMarkers() {
  auto mark = [&](QCPGraph* g, int i) {
    if (i >= 0 && i < static_cast<int>(obj_.size())) g->setData(QVector<double>{obj_[i].x}, QVector<double>{obj_[i].y});
    else g->data()->clear();
  };
  mark(selected_graph_, selected_);
  mark(hover_graph_, hovered_);
}

int ParetoView::pointAt(const QPoint& pos) const {
  int best = -1;
  double best_d2 = 8.0 * 8.0;
  for (std::size_t i = 0; i < obj_.size(); ++i) {
    if (!shown_[i] || !std::isfinite(obj_[i].x) || !std::isfinite(obj_[i].y)) continue;
    const double px = plot_->xAxis->coordToPixel(obj_[i].x), py = plot_->yAxis->coordToPixel(obj_[i].y);
    const double d2 = (px - pos.x()) * (px - pos.x()) + (py - pos.y()) * (py - pos.y());
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = static_cast<int>(i);
    }
  }
  return best;
}

QPoint ParetoView::pixelOf(int i) const {
  return QPoint(qRound(plot_->xAxis->coordToPixel(obj_[i].x)), qRound(plot_->yAxis->coordToPixel(obj_[i].y)));
}

void ParetoView::selectPoint(qint64 run, qint64 seq) {
  selected_ = -1;
  for (std::size_t i = 0; i < points_.size(); ++i)
    if (points_[i].run_id == run && (points_[i].seq == seq || seq < -1)) {
      selected_ = static_cast<int>(i);
      break;
    }
  updateMarkers();
  plot_->replot();
}

bool ParetoView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot_ && (event->type() == QEvent::Resize || event->type() == QEvent::Show)) {
    // Where the points are drawn changed: the legend's corner may have to (after the layout).
    QTimer::singleShot(0, this, [this] { placeLegend(); });
  } else if (watched == plot_ && event->type() == QEvent::MouseMove) {
    auto* me = static_cast<QMouseEvent*>(event);
    const int i = pointAt(me->position().toPoint());
    if (i != hovered_) {
      hovered_ = i;
      hoverText_ = i >= 0 ? QString::fromStdString(describe_point(points_[i])) : QString();
      updateMarkers();
      plot_->layer("overlay")->replot();
    }
    if (i >= 0) QToolTip::showText(me->globalPosition().toPoint(), hoverText_, plot_);
    else QToolTip::hideText();
  } else if (watched == plot_ && event->type() == QEvent::MouseButtonRelease) {
    auto* me = static_cast<QMouseEvent*>(event);
    const int i = pointAt(me->position().toPoint());
    if (i >= 0 && me->button() == Qt::LeftButton) {
      selected_ = i;
      updateMarkers();
      plot_->replot();
      emit pointSelected(points_[i].run_id, points_[i].seq);
    }
  }
  return PlotView::eventFilter(watched, event);
}

void ParetoView::setOverlaysVisible(bool visible) const {
  hover_graph_->setVisible(visible);
}

QString ParetoView::csv() const {
  // non_dominated: on the front drawn for the point (its run's, with a front per run); front: that
  // front's run, or "all" for one front over every run.
  QString out = "run_id,seq,label," + csv_field(xName_->currentText()) + "," + csv_field(yName_->currentText()) +
                ",feasible,non_dominated,front\n";
  std::vector<bool> on_front(obj_.size(), false);
  for (auto i : front_) on_front[i] = true;
  const bool perRun = !fronts_.empty() && fronts_.front().run != 0;
  for (std::size_t i = 0; i < obj_.size(); ++i) {
    if (!shown_[i]) continue;
    out += QString("%1,%2,%3,%4,%5,%6,%7,%8\n")
               .arg(points_[i].run_id)
               .arg(points_[i].seq)
               .arg(csv_field(QString::fromStdString(points_[i].label)))
               .arg(obj_[i].x, 0, 'g', 17)
               .arg(obj_[i].y, 0, 'g', 17)
               .arg(obj_[i].feasible ? 1 : 0)
               .arg(on_front[i] ? 1 : 0)
               .arg(perRun ? QString::number(points_[i].run_id) : QString("all"));
  }
  return out;
}

}  // namespace plab::widgets
