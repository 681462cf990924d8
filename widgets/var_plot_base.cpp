#include "widgets/var_plot_base.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/plot_style.h"

namespace plab::widgets {

VarPlotView::VarPlotView(QWidget* parent) : PlotView(parent) {
  plot_ = new QCustomPlot(this);
  style_plot(plot_);
  plot_->plotLayout()->insertRow(0);
  title_ = new QCPTextElement(plot_, "", QFont(plot_->font().family(), 10, QFont::Bold));
  plot_->plotLayout()->addElement(0, 0, title_);
  bar_ = new QHBoxLayout;
  summary_ = new QLabel(this);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar_);
  layout->addWidget(plot_, 1);
  layout->addWidget(summary_);
  hoverGraph_ = nullptr;
  resetPlot();
  plot_->setMouseTracking(true);
  plot_->installEventFilter(this);
}

void VarPlotView::setRuns(const std::vector<RunData>& runs) {
  groups_ = variability_groups(runs);
  groupsChanged();
  redraw();
}

void VarPlotView::resetPlot() {
  plot_->clearPlottables();
  plot_->clearItems();
  picks_.clear();
  hasLabels_ = false;
  hovered_ = -1;
  hoverText_.clear();
  hoverGraph_ = plot_->addGraph();
  hoverGraph_->setLineStyle(QCPGraph::lsNone);
  hoverGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0, 114, 178), 2), Qt::NoBrush, 13));
  hoverGraph_->setLayer("overlay");
  hoverGraph_->removeFromLegend();
}

void VarPlotView::addPick(double key, double value, int group, int device, bool by_key) {
  picks_.push_back({key, value, group, device, by_key});
}

void VarPlotView::placeLabels(const std::vector<Label>& labels, int step) {
  plot_->setViewport(plot_->rect());
  plot_->replot();  // lays the plot out so that the labels can be placed in pixels
  laidOut_ = plot_->size();
  hasLabels_ = !labels.empty();
  std::vector<QRectF> taken;
  QFont f = plot_->font();
  f.setPointSizeF(8);
  const QFontMetricsF fm(f);
  for (const auto& l : labels) {
    const QPointF at(plot_->xAxis->coordToPixel(l.x), plot_->yAxis->coordToPixel(l.y));
    QRectF r(at + QPointF(8, -fm.height() / 2), QSizeF(fm.horizontalAdvance(l.text) + 6, fm.height() + 1));
    auto covers = [&] { return std::any_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(r); }); };
    for (int tries = 0; tries < 20 && covers(); ++tries) r.translate(0, step * (fm.height() + 1));
    taken.push_back(r);
    // Anchored to the point (follows zoom and pan), offset in pixels.
    auto* anchor = new QCPItemTracer(plot_);
    anchor->setStyle(QCPItemTracer::tsNone);
    anchor->position->setCoords(l.x, l.y);
    const QPointF off(r.left() - at.x(), r.center().y() - at.y());
    auto* text = new QCPItemText(plot_);
    text->setLayer("overlay");
    text->position->setParentAnchor(anchor->position);
    text->position->setCoords(off);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    text->setFont(f);
    text->setColor(QColor(150, 20, 20));
    text->setBrush(QColor(255, 255, 255, 210));
    text->setText(l.text);
    if (std::fabs(off.y()) > 1) {
      auto* line = new QCPItemLine(plot_);
      line->setLayer("overlay");
      line->start->setParentAnchor(anchor->position);
      line->end->setParentAnchor(anchor->position);
      line->start->setCoords(off);
      line->end->setCoords(0, 0);
      line->setPen(QPen(QColor(150, 20, 20, 120), 0.8));
    }
  }
}

void VarPlotView::setTitle(const QString& t) { title_->setText(t); }
QString VarPlotView::title() const { return title_->text(); }
void VarPlotView::setSummary(const QString& s) { summary_->setText(s); }
QString VarPlotView::summary() const { return summary_->text(); }

QPoint VarPlotView::pixelOf(int i) const {
  if (i < 0 || i >= pickableCount()) return {};
  const auto& p = picks_[i];
  return QPointF(plot_->xAxis->coordToPixel(p.key), plot_->yAxis->coordToPixel(p.value)).toPoint();
}

QString VarPlotView::pickName(int i) const {
  if (i < 0 || i >= pickableCount()) return {};
  return QString::fromStdString(groups_[picks_[i].group].devices[picks_[i].device].device);
}

int VarPlotView::pointAt(const QPoint& pixel) const {
  int best = -1;
  double bestD = 8.0 * 8.0;
  const double mx = plot_->xAxis->pixelToCoord(pixel.x());
  for (int i = 0; i < pickableCount(); ++i) {
    const auto& p = picks_[i];
    if (p.by_key) {
      if (std::fabs(mx - p.key) <= 0.5 && plot_->axisRect()->rect().contains(pixel)) return i;
      continue;
    }
    const QPoint q = pixelOf(i);
    const double dx = q.x() - pixel.x(), dy = q.y() - pixel.y();
    if (dx * dx + dy * dy < bestD) {
      bestD = dx * dx + dy * dy;
      best = i;
    }
  }
  return best;
}

void VarPlotView::hover(int i, const QPoint& global) {
  if (i == hovered_) return;
  hovered_ = i;
  if (i < 0) {
    hoverText_.clear();
    hoverGraph_->data()->clear();
    QToolTip::hideText();
  } else {
    const auto& p = picks_[i];
    hoverText_ = describe_device(groups_[p.group], groups_[p.group].devices[p.device]);
    hoverGraph_->setData(QVector<double>{p.key}, QVector<double>{p.value});
    QToolTip::showText(global, hoverText_, plot_);
  }
  plot_->layer("overlay")->replot();
}

bool VarPlotView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot_ && event->type() == QEvent::MouseMove) {
    auto* me = static_cast<QMouseEvent*>(event);
    if (me->buttons() == Qt::NoButton) hover(pointAt(me->position().toPoint()), me->globalPosition().toPoint());
  } else if (watched == plot_ && event->type() == QEvent::Resize && hasLabels_ && plot_->size() != laidOut_) {
    // The labels were placed for another size: place them again for this one.
    redraw();
  } else if (watched == plot_ && event->type() == QEvent::Leave) {
    hover(-1, {});
  }
  return PlotView::eventFilter(watched, event);
}

void VarPlotView::setOverlaysVisible(bool visible) const {
  hoverGraph_->setVisible(visible);
  if (!visible) QToolTip::hideText();
}

}  // namespace plab::widgets
