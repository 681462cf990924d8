#pragma once
// The look every ParetoLab plot shares: fonts, grid, colours, interactions.

#include <QColor>

class QCustomPlot;
class QCPAxis;

namespace plab::widgets {

/// Applies the shared look and enables zoom/pan by mouse.
void style_plot(QCustomPlot* plot);
/// A distinct colour for the i-th series or run (a colour-blind-safe palette).
QColor series_color(int i);
/// Fits `axis` to the data of the visible plottables on it: a margin of `margin` of the data's
/// span on each side, +-10 % around a single value (+-1 at zero) instead of QCustomPlot's wide
/// span around a lone point, and no negative start for data that is all positive (a memory
/// budget is never below 0). Leaves the axis alone when it has no data.
void fit_axis(QCPAxis* axis, double margin = 0.04);
/// Combines points of interest into a display-friendly number ("1.23e+05", "0.0042", "12.5").
QString format_number(double v);

}  // namespace plab::widgets
