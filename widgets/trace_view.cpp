#include "widgets/trace_view.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/plot_style.h"

namespace plab::widgets {

/// One stacked panel: its axis rect, the envelope graph, and what the last load returned.
struct TraceView::Panel {
  TraceRef ref;
  store::SeriesInfo info;
  int axis = 0;  // index into axes_
  QCPAxisRect* rect = nullptr;
  QCPGraph* graph = nullptr;
  QCPItemStraightLine* cross = nullptr;
  QCPItemStraightLine* cursorA = nullptr;
  QCPItemStraightLine* cursorB = nullptr;
  std::vector<double> t, lo, hi;  // what is drawn: bucket centres (or raw times) with min/max
  std::int64_t visible = 0;
  double vmin = NAN, vmax = NAN;
};

TraceView::TraceView(QWidget* parent) : PlotView(parent) {
  setObjectName("traceView");
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("Traces");
  style_plot(plot_);
  plot_->plotLayout()->clear();
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  cursor_ = new QLabel(this);
  cursor_->setObjectName("traceCursor");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(plot_, 1);
  layout->addWidget(cursor_);
  layout->addWidget(summary_);
  pending_ = new QTimer(this);
  pending_->setSingleShot(true);
  pending_->setInterval(0);
  connect(pending_, &QTimer::timeout, this, [this] {
    reload();
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });
  plot_->setMouseTracking(true);
  plot_->installEventFilter(this);
  plot_->setFocusPolicy(Qt::StrongFocus);
  cursor_->setText("Crosshair follows the mouse; press A or B to place a cursor. Wheel zooms, drag pans.");
}

TraceView::~TraceView() = default;

void TraceView::setStoreFile(const std::filesystem::path& db) { store_ = store::Store::open(db); }

void TraceView::setTraces(const std::vector<TraceRef>& traces) {
  traces_ = traces;
  rebuild(false);
}

namespace {
QString axis_label(const store::SeriesInfo& info) {
  return info.x_axis.empty() ? QStringLiteral("time (s)") : QString::fromStdString(info.x_axis);
}
}  // namespace

int TraceView::axisIndex(const QString& label) const {
  if (label.isEmpty()) return axes_.empty() ? -1 : 0;
  for (std::size_t i = 0; i < axes_.size(); ++i)
    if (axes_[i].label == label) return static_cast<int>(i);
  return -1;
}

QStringList TraceView::axes() const {
  QStringList out;
  for (const auto& a : axes_) out << a.label;
  return out;
}

void TraceView::rebuild(bool keep) {
  // An x axis shown before keeps its window and cursors (a poll's rebuild must not drop them).
  std::vector<Axis> before;
  if (keep) {
    before = axes_;
    for (const auto& p : panels_) {
      auto& a = before[static_cast<std::size_t>(p->axis)];
      if (a.t0 > p->info.t_min || a.t1 < p->info.t_max) a.whole = false;
    }
  }
  plot_->plotLayout()->clear();
  plot_->clearItems();
  plot_->clearGraphs();
  panels_.clear();
  axes_.clear();
  if (!store_) return;
  auto* group = new QCPMarginGroup(plot_);
  std::vector<double> lo, hi;  // extent per x axis
  int row = 0;
  for (const auto& ref : traces_) {
    auto p = std::make_unique<Panel>();
    p->ref = ref;
    for (const auto& s : store_->series(ref.run_id))
      if (s.name == ref.series) p->info = s;
    if (p->info.name.empty() || p->info.count == 0) continue;
    const QString label = axis_label(p->info);
    p->axis = axisIndex(label);
    if (p->axis < 0) {
      p->axis = static_cast<int>(axes_.size());
      axes_.push_back({label});
      lo.push_back(INFINITY);
      hi.push_back(-INFINITY);
    }
    auto* title = new QCPTextElement(plot_, QString("%1  (run %2)").arg(QString::fromStdString(ref.series)).arg(ref.run_id),
                                     QFont(font().family(), 9, QFont::Bold));
    plot_->plotLayout()->addElement(2 * row, 0, title);
    p->rect = new QCPAxisRect(plot_);
    plot_->plotLayout()->addElement(2 * row + 1, 0, p->rect);
    ++row;
    p->rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    p->rect->setRangeDrag(Qt::Horizontal);
    p->rect->setRangeZoom(Qt::Horizontal);
    for (auto* axis : p->rect->axes()) axis->setLayer("axes");
    p->rect->axis(QCPAxis::atLeft)->setLabel(p->info.unit.empty() ? QString() : "[" + QString::fromStdString(p->info.unit) + "]");
    p->rect->axis(QCPAxis::atBottom)->setLabel(label);
    p->rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(3);  // stacked panels are short: labels overlapped
    p->graph = plot_->addGraph(p->rect->axis(QCPAxis::atBottom), p->rect->axis(QCPAxis::atLeft));
    p->graph->setPen(QPen(series_color(row - 1), 1));
    p->graph->setAdaptiveSampling(false);  // the store already reduced it
    auto line = [&](QColor c, Qt::PenStyle style) {
      auto* l = new QCPItemStraightLine(plot_);
      l->setClipAxisRect(p->rect);
      for (auto* pos : {l->point1, l->point2}) pos->setAxes(p->rect->axis(QCPAxis::atBottom), p->rect->axis(QCPAxis::atLeft));
      l->setPen(QPen(c, 1, style));
      l->setLayer("overlay");
      l->setVisible(false);
      return l;
    };
    p->cross = line(QColor(80, 80, 80), Qt::DashLine);
    p->cursorA = line(QColor(0, 150, 0), Qt::SolidLine);
    p->cursorB = line(QColor(200, 0, 0), Qt::SolidLine);
    const int ax = p->axis;
    connect(p->rect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            [this, ax](const QCPRange& r) {
              if (loading_) return;
              axes_[static_cast<std::size_t>(ax)].t0 = r.lower;
              axes_[static_cast<std::size_t>(ax)].t1 = r.upper;
              loading_ = true;
              for (auto& q : panels_)  // linked x axes: the panels on the same one
                if (q->axis == ax) q->rect->axis(QCPAxis::atBottom)->setRange(r);
              loading_ = false;
              pending_->start();
            });
    lo[static_cast<std::size_t>(p->axis)] = std::min(lo[static_cast<std::size_t>(p->axis)], p->info.t_min);
    hi[static_cast<std::size_t>(p->axis)] = std::max(hi[static_cast<std::size_t>(p->axis)], p->info.t_max);
    panels_.push_back(std::move(p));
  }
  if (panels_.empty()) {
    summary_->setText("no trace selected");
    plot_->replot();
    return;
  }
  for (std::size_t i = 0; i < axes_.size(); ++i) {
    auto& a = axes_[i];
    const auto old = std::find_if(before.begin(), before.end(), [&](const Axis& b) { return b.label == a.label; });
    if (old != before.end()) {
      a.a = old->a;
      a.b = old->b;
    }
    if (old != before.end() && !old->whole) {
      a.t0 = old->t0;
      a.t1 = old->t1;
    } else {
      a.t0 = lo[i];
      a.t1 = hi[i] > lo[i] ? hi[i] : lo[i] + 1;
    }
  }
  applyWindows();
  for (auto& p : panels_) {
    for (auto [line, t] : {std::pair{p->cursorA, axes_[static_cast<std::size_t>(p->axis)].a},
                           std::pair{p->cursorB, axes_[static_cast<std::size_t>(p->axis)].b}}) {
      if (!std::isfinite(t)) continue;
      line->point1->setCoords(t, 0);
      line->point2->setCoords(t, 1);
      line->setVisible(true);
    }
  }
  for (auto& p : panels_) p->rect->axis(QCPAxis::atLeft)->rescale();
  plot_->replot();
}

void TraceView::refresh() {
  if (!store_) return;
  if (panels_.size() < traces_.size()) {
    rebuild(true);
    return;
  }
  // An x axis whose window showed all of its series keeps showing all of them as they grow.
  std::vector<double> lo(axes_.size(), INFINITY), hi(axes_.size(), -INFINITY);
  std::vector<bool> whole(axes_.size(), true);
  for (auto& p : panels_) {
    const auto ax = static_cast<std::size_t>(p->axis);
    if (axes_[ax].t0 > p->info.t_min || axes_[ax].t1 < p->info.t_max) whole[ax] = false;
    for (const auto& s : store_->series(p->ref.run_id))
      if (s.name == p->ref.series) p->info = s;
    lo[ax] = std::min(lo[ax], p->info.t_min);
    hi[ax] = std::max(hi[ax], p->info.t_max);
  }
  for (std::size_t i = 0; i < axes_.size(); ++i) {
    if (!whole[i] || !(hi[i] > lo[i])) continue;
    axes_[i].t0 = lo[i];
    axes_[i].t1 = hi[i];
  }
  applyWindows();
  for (auto& p : panels_) p->rect->axis(QCPAxis::atLeft)->rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TraceView::setTimeRange(double t0, double t1, const QString& axis) {
  if (!axis.isEmpty() && axisIndex(axis) < 0) return;
  for (auto& a : axes_) {
    if (!axis.isEmpty() && a.label != axis) continue;
    a.t0 = t0;
    a.t1 = t1;
  }
  applyWindows();
}

void TraceView::applyWindows() {
  loading_ = true;
  for (auto& p : panels_) {
    const auto& a = axes_[static_cast<std::size_t>(p->axis)];
    p->rect->axis(QCPAxis::atBottom)->setRange(a.t0, a.t1);
  }
  loading_ = false;
  reload();
}

void TraceView::reload() {
  if (!store_) return;
  for (auto& p : panels_) {
    const int buckets = std::max(16, p->rect->width() > 0 ? p->rect->width() : plot_->width());
    const auto& a = axes_[static_cast<std::size_t>(p->axis)];
    loadPanel(*p, a.t0, a.t1, buckets);
  }
  updateSummary();
}

void TraceView::loadPanel(Panel& p, double t0, double t1, int buckets) {
  p.t.clear();
  p.lo.clear();
  p.hi.clear();
  p.visible = 0;
  p.vmin = p.vmax = NAN;
  const double lo = std::max(t0, p.info.t_min), hi = std::min(t1, p.info.t_max);
  QVector<double> keys, values;
  if (hi >= lo && p.info.count > 0) {
    auto r = store_->reduce_trace(p.ref.run_id, p.ref.series, lo, hi, buckets);
    std::int64_t total = 0;
    for (auto c : r.count) total += c;
    if (total <= 2 * buckets) {  // few samples: draw them as they are
      auto raw = store_->read_trace(p.ref.run_id, p.ref.series, lo, hi);
      p.t = raw.t;
      p.lo = raw.v;
      p.hi = raw.v;
      keys.reserve(static_cast<int>(raw.t.size()));
      for (std::size_t i = 0; i < raw.t.size(); ++i) {
        keys << raw.t[i];
        values << raw.v[i];
      }
    } else {  // min/max envelope: a vertical stroke per bucket, so no extreme is lost
      keys.reserve(2 * buckets);
      values.reserve(2 * buckets);
      for (std::size_t i = 0; i < r.t.size(); ++i) {
        if (r.count[i] == 0) continue;
        p.t.push_back(r.t[i]);
        p.lo.push_back(r.vmin[i]);
        p.hi.push_back(r.vmax[i]);
        keys << r.t[i] << r.t[i];
        values << r.vmin[i] << r.vmax[i];
      }
    }
    p.visible = total;
    for (std::size_t i = 0; i < p.t.size(); ++i) {
      if (!(p.lo[i] >= p.vmin)) p.vmin = std::isnan(p.vmin) ? p.lo[i] : std::min(p.vmin, p.lo[i]);
      if (!(p.hi[i] <= p.vmax)) p.vmax = std::isnan(p.vmax) ? p.hi[i] : std::max(p.vmax, p.hi[i]);
    }
  }
  p.graph->setData(keys, values, true);
}

std::vector<std::size_t> TraceView::pointsDrawn() const {
  std::vector<std::size_t> out;
  for (const auto& p : panels_) out.push_back(p->t.size());
  return out;
}

void TraceView::updateSummary() {
  QStringList parts;
  for (const auto& p : panels_)
    parts << QString("%1 (run %2): %3 samples visible, min %4, max %5 %6")
                 .arg(QString::fromStdString(p->ref.series))
                 .arg(p->ref.run_id)
                 .arg(p->visible)
                 .arg(format_number(p->vmin), format_number(p->vmax), QString::fromStdString(p->info.unit));
  for (const auto& a : axes_) {
    // With one x axis the lines say nothing more; with several each names its own.
    const QString prefix = axes_.size() > 1 ? a.label + ": " : QString();
    parts << prefix + QString("window %1 .. %2 (%3)").arg(format_number(a.t0), format_number(a.t1), format_number(a.t1 - a.t0));
    if (std::isfinite(a.a) || std::isfinite(a.b))
      parts << prefix + QString("A = %1, B = %2, B - A = %3")
                            .arg(format_number(a.a), format_number(a.b),
                                 format_number(std::isfinite(a.a) && std::isfinite(a.b) ? a.b - a.a : NAN));
  }
  summary_->setText(parts.join("\n"));
}

QString TraceView::statistics() const { return summary_->text(); }

TraceView::Panel* TraceView::panelAt(const QPointF& pos) const {
  for (const auto& p : panels_)
    if (p->rect->outerRect().contains(pos.toPoint())) return p.get();
  return nullptr;
}

void TraceView::updateCrosshair(const QPointF& pos) {
  const Panel* under = panelAt(pos);
  if (!under) {  // over a title or between panels: no t to show
    for (auto& p : panels_) p->cross->setVisible(false);
    plot_->layer("overlay")->replot();
    return;
  }
  const double t = under->rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
  QStringList values;
  for (auto& p : panels_) {
    p->cross->setVisible(p->axis == under->axis);  // another x axis: t means something else there
    if (p->axis != under->axis) continue;
    p->cross->point1->setCoords(t, 0);
    p->cross->point2->setCoords(t, 1);
    auto it = std::lower_bound(p->t.begin(), p->t.end(), t);
    if (it == p->t.end() && !p->t.empty()) --it;
    if (it != p->t.end()) {
      const auto i = static_cast<std::size_t>(it - p->t.begin());
      values << (p->lo[i] == p->hi[i] ? QString("%1 = %2").arg(QString::fromStdString(p->ref.series), format_number(p->lo[i]))
                                      : QString("%1 in [%2, %3]").arg(QString::fromStdString(p->ref.series),
                                                                      format_number(p->lo[i]), format_number(p->hi[i])));
    }
  }
  const QString name = axes_.size() > 1 ? axes_[static_cast<std::size_t>(under->axis)].label : QStringLiteral("t");
  cursor_->setText(QString("%1 = %2:  %3").arg(name, format_number(t), values.join(",  ")));
  plot_->layer("overlay")->replot();
}

void TraceView::setCursor(bool first, double t, const QString& axis) {
  const int ax = axisIndex(axis);
  if (ax < 0) return;
  (first ? axes_[static_cast<std::size_t>(ax)].a : axes_[static_cast<std::size_t>(ax)].b) = t;
  for (auto& p : panels_) {
    if (p->axis != ax) continue;
    auto* line = first ? p->cursorA : p->cursorB;
    line->point1->setCoords(t, 0);
    line->point2->setCoords(t, 1);
    line->setVisible(true);
  }
  updateSummary();
  plot_->replot();
}

void TraceView::setCursorA(double t, const QString& axis) { setCursor(true, t, axis); }
void TraceView::setCursorB(double t, const QString& axis) { setCursor(false, t, axis); }

bool TraceView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot_ && !panels_.empty()) {
    if (event->type() == QEvent::MouseMove) {
      updateCrosshair(static_cast<QMouseEvent*>(event)->position());
    } else if (event->type() == QEvent::KeyPress) {
      auto* ke = static_cast<QKeyEvent*>(event);
      const QPointF pos = plot_->mapFromGlobal(QCursor::pos());
      const Panel* under = panelAt(pos);
      if (!under) under = panels_.front().get();  // keys work with the mouse anywhere
      const double t = under->rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
      const QString& axis = axes_[static_cast<std::size_t>(under->axis)].label;
      if (ke->key() == Qt::Key_A) setCursorA(t, axis);
      else if (ke->key() == Qt::Key_B) setCursorB(t, axis);
    }
  }
  return PlotView::eventFilter(watched, event);
}

void TraceView::setOverlaysVisible(bool visible) const {
  for (const auto& p : panels_) p->cross->setVisible(visible && p->cross->visible());
}

QString TraceView::csv() const {
  QString out = "run_id,series,t,min,max\n";
  for (const auto& p : panels_)
    for (std::size_t i = 0; i < p->t.size(); ++i)
      out += QString("%1,%2,%3,%4,%5\n")
                 .arg(p->ref.run_id)
                 .arg(csv_field(QString::fromStdString(p->ref.series)))
                 .arg(p->t[i], 0, 'g', 17)
                 .arg(p->lo[i], 0, 'g', 17)
                 .arg(p->hi[i], 0, 'g', 17);
  return out;
}

}  // namespace plab::widgets
