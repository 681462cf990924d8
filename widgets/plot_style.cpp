#include "widgets/plot_style.h"

#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace plab::widgets {

void style_plot(QCustomPlot* plot) {
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot->setAntialiasedElements(QCP::aeNone);
  plot->setNoAntialiasingOnDrag(true);
  plot->setBackground(Qt::white);
  QFont f = plot->font();
  f.setPointSizeF(9);
  for (auto* axis : {plot->xAxis, plot->yAxis}) {
    axis->setTickLabelFont(f);
    QFont lf = f;
    lf.setPointSizeF(10);
    axis->setLabelFont(lf);
    axis->grid()->setPen(QPen(QColor(220, 220, 220), 0, Qt::DotLine));
  }
  plot->legend->setFont(f);
  plot->legend->setBrush(QColor(255, 255, 255, 220));
  plot->setMinimumSize(200, 150);
}

void fit_axis(QCPAxis* axis, double margin) {
  bool any = false;
  QCPRange r;
  for (QCPAbstractPlottable* p : axis->plottables()) {
    if (!p->visible()) continue;
    bool found = false;
    const QCPRange pr = p->keyAxis() == axis ? p->getKeyRange(found) : p->getValueRange(found);
    if (!found) continue;
    if (any) {
      r.expand(pr);
    } else {
      r = pr;
      any = true;
    }
  }
  if (!any) return;
  const double c = r.center();
  if (r.size() <= 1e-12 * std::max(1.0, std::abs(c))) {
    const double half = c == 0 ? 1.0 : 0.1 * std::abs(c);
    axis->setRange(c - half, c + half);
    return;
  }
  double lo = r.lower - margin * r.size();
  if (r.lower > 0 && lo < 0) lo = 0;
  axis->setRange(lo, r.upper + margin * r.size());
}

QColor series_color(int i) {
  // Okabe-Ito palette.
  static const QColor kColors[] = {QColor(0, 114, 178),  QColor(213, 94, 0),   QColor(0, 158, 115),
                                   QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233),
                                   QColor(240, 228, 66),  QColor(0, 0, 0)};
  return kColors[((i % 8) + 8) % 8];
}

QString format_number(double v) {
  if (!std::isfinite(v)) return "-";
  const double a = std::fabs(v);
  if (a != 0 && (a >= 1e6 || a < 1e-3)) return QString::number(v, 'e', 3);
  return QString::number(v, 'g', 6);
}

}  // namespace plab::widgets
