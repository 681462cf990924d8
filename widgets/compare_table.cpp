#include "widgets/compare_table.h"

#include <QHeaderView>
#include <set>

#include "widgets/plot_style.h"

namespace plab::widgets {

std::vector<CompareRow> compare_rows(const std::vector<RunData>& runs) {
  std::vector<CompareRow> rows;
  auto add = [&](const QString& section, const QString& name, auto value) {
    CompareRow r{section, name, {}, false};
    for (const auto& run : runs) r.values << value(run);
    for (const auto& v : r.values) r.differs = r.differs || v != r.values.front();
    rows.push_back(std::move(r));
  };
  add("run", "module", [](const RunData& r) {
    return QString::fromStdString(r.record.module + " " + r.record.module_version);
  });
  add("run", "target", [](const RunData& r) { return QString::fromStdString(r.record.target); });
  add("run", "status", [](const RunData& r) { return QString(to_string(r.record.status)); });
  add("run", "seed", [](const RunData& r) { return QString::number(r.record.seed); });
  add("run", "points", [](const RunData& r) { return QString::number(r.points.size()); });
  std::set<std::string> params, metrics;
  for (const auto& r : runs) {
    for (const auto& [k, v] : r.record.params.items()) params.insert(k);
    for (const auto& [k, v] : r.metrics) metrics.insert(k);
  }
  for (const auto& k : params)
    add("parameter", QString::fromStdString(k), [&](const RunData& r) {
      auto it = r.record.params.find(k);
      if (it == r.record.params.end()) return QString("-");
      return QString::fromStdString(it->is_string() ? it->get<std::string>() : it->dump());
    });
  for (const auto& k : metrics)
    add("metric", QString::fromStdString(k), [&](const RunData& r) {
      auto it = r.metrics.find(k);
      return it == r.metrics.end() ? QString("-") : format_number(it->second);
    });
  return rows;
}

CompareTable::CompareTable(QWidget* parent) : QTableWidget(parent) {
  setObjectName("compareTable");
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

void CompareTable::setRuns(const std::vector<RunData>& runs) {
  rows_ = compare_rows(runs);
  clear();
  setColumnCount(static_cast<int>(runs.size()) + 1);
  setRowCount(static_cast<int>(rows_.size()));
  QStringList header{"name"};
  for (const auto& r : runs) header << QString("run %1").arg(r.record.id);
  setHorizontalHeaderLabels(header);
  const QColor highlight(255, 236, 160);
  for (int i = 0; i < static_cast<int>(rows_.size()); ++i) {
    const auto& row = rows_[i];
    auto* name = new QTableWidgetItem(row.section == "run" ? row.name : row.section + ": " + row.name);
    QFont f = name->font();
    f.setBold(row.differs && runs.size() > 1);
    name->setFont(f);
    setItem(i, 0, name);
    for (int c = 0; c < row.values.size(); ++c) {
      auto* item = new QTableWidgetItem(row.values[c]);
      if (row.differs && runs.size() > 1 && row.section != "metric") item->setBackground(highlight);
      setItem(i, c + 1, item);
    }
  }
}

QStringList CompareTable::differingParameters() const {
  QStringList out;
  for (const auto& r : rows_)
    if (r.section == "parameter" && r.differs) out << r.name;
  return out;
}

}  // namespace plab::widgets
