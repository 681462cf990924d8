#pragma once
// The look every ParetoLab plot shares: fonts, grid, colours, interactions.

#include <QColor>

class QCustomPlot;

namespace plab::widgets {

/// Applies the shared look and enables zoom/pan by mouse.
void style_plot(QCustomPlot* plot);
/// A distinct colour for the i-th series or run (a colour-blind-safe palette).
QColor series_color(int i);
/// Combines points of interest into a display-friendly number ("1.23e+05", "0.0042", "12.5").
QString format_number(double v);

}  // namespace plab::widgets
