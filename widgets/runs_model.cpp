#include "widgets/runs_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <set>

#include "widgets/plot_style.h"

namespace plab::widgets {

RunsModel::RunsModel(QObject* parent) : QAbstractTableModel(parent) {
  connect(&poll_, &QTimer::timeout, this, [this] { reload(false); });
  poll_.setInterval(1000);
}

RunsModel::~RunsModel() = default;

void RunsModel::setStoreFile(const std::filesystem::path& db) {
  store_ = store::Store::open(db);
  reload(true);
  if (poll_.interval() > 0) poll_.start();
}

void RunsModel::setFilter(const store::RunFilter& filter) {
  filter_ = filter;
  reload(true);
}

void RunsModel::setPollInterval(int ms) {
  poll_.stop();
  poll_.setInterval(ms);
  if (ms > 0 && store_) poll_.start();
}

void RunsModel::reload(bool force) {
  if (!store_) return;
  const auto v = store_->data_version();
  bool running = false;
  for (const auto& r : runs_) running = running || r.status == RunStatus::Running;
  if (!force && v == version_ && !running) return;
  version_ = v;
  auto runs = store_->list_runs(filter_);
  std::vector<std::int64_t> ids;
  for (const auto& r : runs) ids.push_back(r.id);
  auto metrics = store_->metrics_for(ids);
  // The same runs in the same order (a running run's progress, a status change): update the rows in
  // place, so an open tag or note editor, the selection and the scroll position survive the poll.
  bool same_rows = runs.size() == runs_.size() && !runs.empty();
  for (std::size_t i = 0; same_rows && i < runs.size(); ++i) same_rows = runs[i].id == runs_[i].id;
  if (same_rows) {
    // Tags and notes only where they changed: dataChanged rewrites an open editor's text.
    std::vector<int> edited_rows;
    for (std::size_t i = 0; i < runs.size(); ++i)
      if (runs[i].tags != runs_[i].tags || runs[i].notes != runs_[i].notes) edited_rows.push_back(static_cast<int>(i));
    runs_ = std::move(runs);
    metrics_ = std::move(metrics);
    const int last = rowCount() - 1;
    emit dataChanged(index(0, 0), index(last, Tags - 1));
    emit dataChanged(index(0, Metrics), index(last, ColumnCount - 1));
    for (int row : edited_rows) emit dataChanged(index(row, Tags), index(row, Notes));
    return;
  }
  beginResetModel();
  runs_ = std::move(runs);
  metrics_ = std::move(metrics);
  endResetModel();
  emit reloaded();
}

int RunsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(runs_.size()); }
int RunsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* kNames[] = {"Run", "Module", "Target", "Status", "Progress", "Started", "Duration", "Tags", "Notes", "Metrics"};
  return section >= 0 && section < ColumnCount ? QString(kNames[section]) : QVariant();
}

Qt::ItemFlags RunsModel::flags(const QModelIndex& index) const {
  auto f = QAbstractTableModel::flags(index);
  if (index.column() == Tags || index.column() == Notes) f |= Qt::ItemIsEditable;
  return f;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(runs_.size())) return {};
  const auto& r = runs_[index.row()];
  if (role == Qt::UserRole) return static_cast<qlonglong>(r.id);
  if (role == Qt::ForegroundRole && index.column() == Status) {
    switch (r.status) {
      case RunStatus::Failed: return QBrush(QColor(176, 0, 32));
      case RunStatus::Running: return QBrush(QColor(0, 114, 178));
      case RunStatus::Cancelled:
      case RunStatus::Interrupted: return QBrush(QColor(150, 100, 0));
      default: return {};
    }
  }
  if (role == Qt::ToolTipRole && index.column() == Status && !r.error.empty()) return QString::fromStdString(r.error);
  const bool sort = role == Qt::UserRole + 1;
  if (role != Qt::DisplayRole && role != Qt::EditRole && !sort) return {};
  switch (index.column()) {
    case Id: return static_cast<qlonglong>(r.id);
    case Module: return QString::fromStdString(r.module);
    case Target: return QString::fromStdString(r.target);
    case Status: return QString(to_string(r.status));
    case Progress:
      return sort ? QVariant(r.progress) : QVariant(QString("%1%").arg(qRound(r.progress * 100)) +
                                                     (r.status == RunStatus::Running && !r.message.empty()
                                                          ? " " + QString::fromStdString(r.message) : QString()));
    case Started:
      return sort ? QVariant(r.started)
                  : QVariant(QDateTime::fromSecsSinceEpoch(static_cast<qint64>(r.started)).toString("yyyy-MM-dd HH:mm:ss"));
    case Duration: {
      const double end = r.ended > 0 ? r.ended : static_cast<double>(QDateTime::currentSecsSinceEpoch());
      const double d = std::max(0.0, end - r.started);
      return sort ? QVariant(d) : QVariant(QString::number(d, 'f', 1) + " s");
    }
    case Tags: {
      QStringList t;
      for (const auto& x : r.tags) t << QString::fromStdString(x);
      return t.join(", ");
    }
    case Notes: return QString::fromStdString(r.notes);
    case Metrics: {
      QStringList m;
      auto it = metrics_.find(r.id);
      if (it != metrics_.end())
        for (const auto& [k, v] : it->second) {
          m << QString::fromStdString(k) + "=" + format_number(v);
          if (m.size() >= 4) break;
        }
      return m.join("  ");
    }
    default: return {};
  }
}

bool RunsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!store_ || role != Qt::EditRole || !index.isValid()) return false;
  auto& r = runs_[index.row()];
  if (index.column() == Tags) {
    std::vector<std::string> tags;
    for (const auto& t : value.toString().split(',', Qt::SkipEmptyParts))
      if (!t.trimmed().isEmpty()) tags.push_back(t.trimmed().toStdString());
    store_->set_tags(r.id, tags);
    r.tags = tags;
  } else if (index.column() == Notes) {
    store_->set_notes(r.id, value.toString().toStdString());
    r.notes = value.toString().toStdString();
  } else {
    return false;
  }
  emit dataChanged(index, index);
  return true;
}

int RunsModel::rowOf(qint64 runId) const {
  for (std::size_t i = 0; i < runs_.size(); ++i)
    if (runs_[i].id == runId) return static_cast<int>(i);
  return -1;
}

QStringList RunsModel::modules() const {
  std::set<QString> m;
  for (const auto& r : runs_) m.insert(QString::fromStdString(r.module));
  return {m.begin(), m.end()};
}

}  // namespace plab::widgets
