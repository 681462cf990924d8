#pragma once
// A report of selected runs: for each run its environment (module version, target, seed, host),
// parameters and metrics; a comparison when there are several; and the plots (Pareto front,
// history, traces). Written as HTML (plots embedded as PNG) or PDF. The GUI's "Export report" and
// `paretolab-cli report` share it.

#include <QString>
#include <filesystem>

#include "widgets/run_data.h"

namespace plab::widgets {

/// Writes the report of `runs` to `file` (.html or .pdf, by extension); traces are read from
/// `db`. Needs a QApplication (any platform, offscreen included). False and *error on failure.
bool write_report(const std::filesystem::path& db, const std::vector<RunData>& runs, const MetricCatalog& catalog,
                  const QString& file, QString* error);

}  // namespace plab::widgets
