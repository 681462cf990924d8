#pragma once
// Normalised performance of each device against a sensor (power, clock frequency, temperature),
// one colour per application, outliers drawn in red and labelled with their device id, Pearson's r
// (with its 95% interval) and Spearman's rho per application in the legend.

#include "core/stats/correlation.h"
#include "widgets/var_plot_base.h"

class QComboBox;

namespace plab::widgets {

/// The variability scatter view.
class VariabilityScatterView : public VarPlotView {
  Q_OBJECT
 public:
  explicit VariabilityScatterView(QWidget* parent = nullptr);

  /// The x axis: a sensor key or alias ("power_w" / "power", "frequency_mhz" / "clock",
  /// "temperature_c" / "temperature"); false when unknown.
  bool setSensor(const QString& sensor);
  QString sensor() const;
  /// Shows one group (by index) or every group (-1); false when out of range.
  bool setGroup(int group);
  /// Sensors some device reports (keys).
  QStringList availableSensors() const;
  /// Pearson correlation of norm_perf with the sensor in group i (n = 0 when not computed).
  stats::Correlation correlation(int group) const;
  /// Device ids written next to their points.
  QStringList labelledDevices() const { return labelled_; }
  /// At most this many outliers are labelled (the most extreme); the rest name themselves on hover.
  static constexpr int kMaxLabels = 12;
  QString csv() const override;

 protected:
  void groupsChanged() override;
  void redraw() override;

 private:
  QComboBox *sensor_, *group_;
  std::vector<stats::Correlation> pearson_, spearman_;
  QStringList labelled_;
  bool updating_ = false;
};

}  // namespace plab::widgets
