#pragma once
// Box plots of the devices' median-normalised performance, one box per application (and per
// population when the runs hold several): quartiles, Tukey whiskers (most extreme devices inside
// Q1 - 1.5 IQR and Q3 + 1.5 IQR), the devices beyond them and the module's outliers as points that
// name their device on hover. The SC'22 variability study's main figure.

#include "core/stats/variation.h"
#include "widgets/var_plot_base.h"

class QComboBox;

namespace plab::widgets {

/// The variability box-plot view.
class VariabilityBoxView : public VarPlotView {
  Q_OBJECT
 public:
  explicit VariabilityBoxView(QWidget* parent = nullptr);

  /// "norm_perf" (default) or "norm_duration"; false for anything else.
  bool setMetric(const QString& metric);
  QString metric() const;
  int boxCount() const { return static_cast<int>(boxes_.size()); }
  /// The statistics the i-th box draws (group i).
  const stats::BoxStats& box(int i) const { return boxes_.at(i).stats; }
  /// Device ids drawn as single points in the i-th box (beyond the whiskers or module outliers).
  QStringList pointNames(int i) const;
  QString csv() const override;

 protected:
  void redraw() override;

 private:
  struct Box {
    stats::BoxStats stats;
    std::vector<int> points;  // devices drawn as single points
  };
  QComboBox* metric_;
  std::vector<Box> boxes_;
};

}  // namespace plab::widgets
