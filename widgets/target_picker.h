#pragma once
// The target picker: the targets a module supports, with the simulated devices and presets
// expanded from the data folder, and what "local" can measure on this machine.

#include <QComboBox>

#include "core/experiment/types.h"

namespace plab::widgets {

/// An editable list of target specs ("simulated:jetson-agx-orin", "local", "cluster:summit").
class TargetPicker : public QComboBox {
  Q_OBJECT
 public:
  explicit TargetPicker(QWidget* parent = nullptr);
  /// Lists the targets this module supports.
  void setModule(const ModuleInfo& info);
  /// The chosen spec ("" lets the engine choose).
  QString target() const;
  bool setTarget(const QString& spec);

 private:
  QString localSummary();
  QString local_;
};

}  // namespace plab::widgets
