#pragma once
// Builds a result view for runs by name ("pareto", "history", "parallel", "trace:SERIES"), filled
// from the store: what `paretolab-cli export` and the report draw, with the GUI's own widgets.

#include <memory>

#include "widgets/plot_view.h"
#include "widgets/run_data.h"

namespace plab::widgets {

/// Creates and fills the view; nullptr and *error (naming the kind and what is expected) when the
/// kind is unknown or the runs have nothing to show for it. The view is sized to the options.
std::unique_ptr<PlotView> make_plot_view(const QString& kind, const std::filesystem::path& db,
                                         const std::vector<RunData>& runs, const MetricCatalog& catalog,
                                         const ExportOptions& size, QString* error);

/// The kinds make_plot_view knows, for usage messages.
QString plot_kinds();

}  // namespace plab::widgets
