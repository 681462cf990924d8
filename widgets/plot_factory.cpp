#include "widgets/plot_factory.h"

#include <qcustomplot.h>

#include "widgets/history_view.h"
#include "widgets/parallel_view.h"
#include "widgets/pareto_view.h"
#include "widgets/trace_view.h"
#include "widgets/variability_factory.h"

namespace plab::widgets {

QString plot_kinds() { return "pareto, history, parallel, trace:SERIES, " + variability_kinds(); }

std::unique_ptr<PlotView> make_plot_view(const QString& kind, const std::filesystem::path& db,
                                         const std::vector<RunData>& runs, const MetricCatalog& catalog,
                                         const ExportOptions& size, QString* error) {
  auto fail = [&](const QString& why) -> std::unique_ptr<PlotView> {
    if (error) *error = why;
    return nullptr;
  };
  if (runs.empty()) return fail("--plot " + kind + ": no run to draw");
  std::unique_ptr<PlotView> view;
  const auto points = view_points(runs);
  if (kind == "pareto") {
    if (metric_names(points).size() < 2) return fail("--plot pareto: the runs report fewer than two metrics");
    auto v = std::make_unique<ParetoView>();
    v->setRuns(runs, catalog);
    view = std::move(v);
  } else if (kind == "history") {
    if (points.empty()) return fail("--plot history: the runs have no evaluated points");
    auto v = std::make_unique<HistoryView>();
    v->setRuns(runs, catalog);
    view = std::move(v);
  } else if (kind == "parallel") {
    if (points.empty()) return fail("--plot parallel: the runs have no evaluated points");
    auto v = std::make_unique<ParallelView>();
    v->setRuns(runs, catalog);
    view = std::move(v);
  } else if (kind.startsWith("trace:")) {
    const std::string series = kind.mid(6).toStdString();
    std::vector<TraceRef> refs;
    QStringList known;
    for (const auto& r : runs)
      for (const auto& s : r.series) {
        known << QString::fromStdString(s.name);
        if (s.name == series) refs.push_back({r.record.id, series});
      }
    if (refs.empty())
      return fail("--plot " + kind + ": no such trace series (the runs have: " +
                  (known.isEmpty() ? QString("none") : known.join(", ")) + ")");
    auto v = std::make_unique<TraceView>();
    v->resize(size.width, size.height);
    v->setStoreFile(db);
    v->setTraces(refs);
    view = std::move(v);
  } else if (is_variability_kind(kind)) {
    view = make_variability_view(kind, runs, size, error);
    if (!view) return nullptr;
  } else {
    return fail("--plot " + kind + ": unknown plot (expected one of: " + plot_kinds() + ")");
  }
  view->resize(size.width, size.height);
  view->ensurePolished();
  // Lay the widget out at the export size so the plot reduces traces at that resolution.
  view->plot()->resize(size.width, size.height);
  view->plot()->replot();
  if (auto* t = dynamic_cast<TraceView*>(view.get())) {
    t->refresh();
    view->plot()->replot();
  }
  return view;
}

}  // namespace plab::widgets
