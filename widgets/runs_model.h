#pragma once
// The runs table over the store: loaded in bulk (one query for runs, one for metrics), filtered by
// module, status and text in SQL, sortable, with editable tags and notes. It polls the store's
// data version, so runs written by another process (paretolab-cli) or another thread appear
// without a restart.

#include <QAbstractTableModel>
#include <QTimer>
#include <memory>

#include "core/store/store.h"

namespace plab::widgets {

/// The table model of stored runs.
class RunsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Id, Module, Target, Status, Progress, Started, Duration, Tags, Notes, Metrics, ColumnCount };

  explicit RunsModel(QObject* parent = nullptr);
  ~RunsModel() override;

  /// Opens the store (own connection) and loads it; throws StoreError.
  void setStoreFile(const std::filesystem::path& db);
  void setFilter(const store::RunFilter& filter);
  /// Milliseconds between polls of the store (0 stops polling).
  void setPollInterval(int ms);
  /// Reloads now when the store changed since the last load (or always when `force`).
  void reload(bool force = false);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;

  const store::RunRecord& run(int row) const { return runs_.at(row); }
  int rowOf(qint64 runId) const;
  QStringList modules() const;
  store::Store* store() const { return store_.get(); }

 signals:
  /// After a reload that changed which runs the table shows (rows added, removed or reordered).
  /// A reload that only changes the rows' contents emits dataChanged instead.
  void reloaded();

 private:
  std::unique_ptr<store::Store> store_;
  store::RunFilter filter_;
  std::vector<store::RunRecord> runs_;
  std::map<std::int64_t, std::map<std::string, double>> metrics_;
  std::int64_t version_ = -1;
  QTimer poll_;
};

}  // namespace plab::widgets
