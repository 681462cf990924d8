#pragma once
// The selected runs side by side: identity, parameters and final metrics, one column per run,
// with the parameters whose values differ highlighted.

#include <QTableWidget>

#include "widgets/run_data.h"

namespace plab::widgets {

/// One row of a comparison: a label and one text per run; `differs` when the texts are not all equal.
struct CompareRow {
  QString section;  // "run", "parameter", "metric"
  QString name;
  QStringList values;
  bool differs = false;
};

/// The comparison rows of these runs (what the table and the report show).
std::vector<CompareRow> compare_rows(const std::vector<RunData>& runs);

/// The comparison table widget.
class CompareTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit CompareTable(QWidget* parent = nullptr);
  void setRuns(const std::vector<RunData>& runs);
  /// Rows whose parameter values differ (highlighted), by name.
  QStringList differingParameters() const;

 private:
  std::vector<CompareRow> rows_;
};

}  // namespace plab::widgets
