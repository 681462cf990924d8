#pragma once
// Per-device ranking of one application: a bar per device, sorted slowest first, showing its
// normalised performance as a deviation from the median device (bars start at 1), outliers red and
// named; every bar names its device on hover.

#include "widgets/var_plot_base.h"

class QComboBox;

namespace plab::widgets {

/// The variability ranking view.
class VariabilityRankingView : public VarPlotView {
  Q_OBJECT
 public:
  explicit VariabilityRankingView(QWidget* parent = nullptr);

  /// Shows group i (by index); false when out of range.
  bool setGroup(int group);
  /// Shows the first group whose application (or full name) is `name`; false when none.
  bool setGroupByName(const QString& name);
  int group() const;
  /// The devices in drawing order (slowest first) as indices into groups()[group()].devices.
  const std::vector<int>& order() const { return order_; }
  /// Device ids written above their bars (outliers, at most kMaxLabels, slowest first).
  QStringList labelledDevices() const { return labelled_; }
  static constexpr int kMaxLabels = 12;
  /// Up to this many devices, each bar's tick names its device.
  static constexpr int kMaxNamedTicks = 48;
  QString csv() const override;

 protected:
  void groupsChanged() override;
  void redraw() override;

 private:
  QComboBox* group_;
  std::vector<int> order_;
  QStringList labelled_;
  bool updating_ = false;
};

}  // namespace plab::widgets
