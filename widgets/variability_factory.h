#pragma once
// The variability views by name, for plot_factory (`paretolab-cli export --plot KIND`, reports):
//   box                                   box plots per application (and population)
//   scatter:power|clock|temperature[:APP] normalised performance against a sensor
//   ranking[:APP]                         per-device ranking of one application (default: the first)

#include <memory>

#include "widgets/plot_view.h"
#include "widgets/run_data.h"

namespace plab::widgets {

/// Whether `kind` names a variability view.
bool is_variability_kind(const QString& kind);
/// The kinds, for usage messages.
QString variability_kinds();
/// Creates and fills the view; nullptr and *error when the runs have nothing to show for it.
/// The view is sized to `size` before it is filled (labels are placed in pixels).
std::unique_ptr<PlotView> make_variability_view(const QString& kind, const std::vector<RunData>& runs,
                                               const ExportOptions& size, QString* error);

}  // namespace plab::widgets
