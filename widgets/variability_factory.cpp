#include "widgets/variability_factory.h"

#include <cmath>
#include <qcustomplot.h>

#include "widgets/variability_box_view.h"
#include "widgets/variability_ranking_view.h"
#include "widgets/variability_scatter_view.h"

namespace plab::widgets {

bool is_variability_kind(const QString& kind) {
  return kind == "box" || kind == "ranking" || kind.startsWith("ranking:") || kind.startsWith("scatter:");
}

QString variability_kinds() { return "box, scatter:power|clock|temperature[:APP], ranking[:APP]"; }

std::unique_ptr<PlotView> make_variability_view(const QString& kind, const std::vector<RunData>& runs,
                                               const ExportOptions& size, QString* error) {
  auto fail = [&](const QString& why) -> std::unique_ptr<PlotView> {
    if (error) *error = "--plot " + kind + ": " + why;
    return nullptr;
  };
  if (!has_variability(runs)) return fail("the runs hold no variability-profiler points");
  const QStringList parts = kind.split(':');
  auto sized = [&](VarPlotView* v) {
    v->resize(size.width, size.height);
    v->plot()->resize(size.width, size.height);
  };
  auto app_names = [](const std::vector<VarGroup>& groups) {
    QStringList names;
    for (const auto& g : groups) names << g.name;
    return names.join(", ");
  };
  if (parts[0] == "box") {
    auto v = std::make_unique<VariabilityBoxView>();
    sized(v.get());
    v->setRuns(runs);
    return v;
  }
  if (parts[0] == "ranking") {
    auto v = std::make_unique<VariabilityRankingView>();
    sized(v.get());
    v->setRuns(runs);
    if (parts.size() > 1 && !v->setGroupByName(parts.mid(1).join(':')))
      return fail("no application '" + parts.mid(1).join(':') + "' (the runs have: " + app_names(v->groups()) + ")");
    return v;
  }
  if (parts[0] == "scatter") {
    const VarSensor* s = parts.size() > 1 ? find_sensor(parts[1]) : nullptr;
    if (!s) return fail("expected scatter:power, scatter:clock or scatter:temperature");
    auto v = std::make_unique<VariabilityScatterView>();
    sized(v.get());
    v->setRuns(runs);
    if (!v->availableSensors().contains(s->key))
      return fail(QString("no device reports %1 (the runs report: %2)")
                      .arg(s->key, v->availableSensors().isEmpty() ? QString("no sensor") : v->availableSensors().join(", ")));
    v->setSensor(s->key);
    if (parts.size() > 2) {
      const QString app = parts.mid(2).join(':');
      int found = -1;
      for (std::size_t i = 0; i < v->groups().size() && found < 0; ++i)
        if (v->groups()[i].name == app || QString::fromStdString(v->groups()[i].application) == app)
          found = static_cast<int>(i);
      if (found < 0) return fail("no application '" + app + "' (the runs have: " + app_names(v->groups()) + ")");
      v->setGroup(found);
    }
    return v;
  }
  return fail("unknown variability plot (expected one of: " + variability_kinds() + ")");
}

}  // namespace plab::widgets
