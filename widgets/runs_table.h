#pragma once
// The runs table: filter bar (module, status, text), a sortable multi-selection view over
// RunsModel, and the selected run ids as a signal.

#include <QWidget>

#include "widgets/runs_model.h"

class QComboBox;
class QLineEdit;
class QTableView;
class QSortFilterProxyModel;

namespace plab::widgets {

/// The runs table with its filters.
class RunsTable : public QWidget {
  Q_OBJECT
 public:
  explicit RunsTable(QWidget* parent = nullptr);
  RunsModel* model() const { return model_; }
  QTableView* view() const { return view_; }
  QList<qint64> selectedRuns() const;
  /// Selects these runs (others are deselected); returns how many were found.
  int selectRuns(const QList<qint64>& ids);
  void setModuleFilter(const QString& module);
  void setStatusFilter(const QString& status);
  void setTextFilter(const QString& text);
  /// Adds module names to the module filter list (e.g. every loaded module).
  void addKnownModules(const QStringList& modules);

 signals:
  void selectionChanged(const QList<qint64>& runIds);

 private:
  void applyFilter();
  RunsModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* view_;
  QComboBox *module_, *status_;
  QLineEdit* text_;
  QList<qint64> lastSelection_;
};

}  // namespace plab::widgets
