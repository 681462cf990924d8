#include "widgets/runs_table.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace plab::widgets {

RunsTable::RunsTable(QWidget* parent) : QWidget(parent) {
  setObjectName("runsTable");
  model_ = new RunsModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(Qt::UserRole + 1);
  view_ = new QTableView(this);
  view_->setModel(proxy_);
  view_->setSortingEnabled(true);
  view_->sortByColumn(RunsModel::Id, Qt::DescendingOrder);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->verticalHeader()->setVisible(false);
  view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
  view_->setAlternatingRowColors(true);
  module_ = new QComboBox(this);
  module_->addItem("all modules", QString());
  status_ = new QComboBox(this);
  status_->addItem("any status", QString());
  for (const char* s : {"running", "completed", "failed", "cancelled", "interrupted"}) status_->addItem(s, QString(s));
  text_ = new QLineEdit(this);
  text_->setPlaceholderText("filter: text in module, target, tags, notes, error or parameters");
  text_->setClearButtonEnabled(true);
  auto* bar = new QHBoxLayout;
  bar->addWidget(module_);
  bar->addWidget(status_);
  bar->addWidget(text_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addLayout(bar);
  layout->addWidget(view_, 1);
  connect(module_, &QComboBox::currentIndexChanged, this, [this] { applyFilter(); });
  connect(status_, &QComboBox::currentIndexChanged, this, [this] { applyFilter(); });
  connect(text_, &QLineEdit::textChanged, this, [this] { applyFilter(); });
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    const auto ids = selectedRuns();
    if (ids != lastSelection_) {
      lastSelection_ = ids;
      emit selectionChanged(ids);
    }
  });
  connect(model_, &RunsModel::modelAboutToBeReset, this, [this] { lastSelection_ = selectedRuns(); });
  connect(model_, &RunsModel::reloaded, this, [this] {
    addKnownModules(model_->modules());
    const auto keep = lastSelection_;
    selectRuns(keep);
    view_->resizeColumnsToContents();
  });
}

QList<qint64> RunsTable::selectedRuns() const {
  QList<qint64> ids;
  for (const auto& idx : view_->selectionModel()->selectedRows())
    ids << proxy_->data(idx, Qt::UserRole).toLongLong();
  std::sort(ids.begin(), ids.end());
  return ids;
}

int RunsTable::selectRuns(const QList<qint64>& ids) {
  QItemSelection sel;
  int found = 0;
  for (auto id : ids) {
    const int row = model_->rowOf(id);
    if (row < 0) continue;
    const auto idx = proxy_->mapFromSource(model_->index(row, 0));
    sel.select(idx, idx);
    ++found;
  }
  view_->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  return found;
}

void RunsTable::addKnownModules(const QStringList& modules) {
  for (const auto& m : modules)
    if (module_->findData(m) < 0) module_->addItem(m, m);
}

void RunsTable::setModuleFilter(const QString& module) {
  addKnownModules({module});
  module_->setCurrentIndex(std::max(0, module_->findData(module)));
}

void RunsTable::setStatusFilter(const QString& status) { status_->setCurrentIndex(std::max(0, status_->findData(status))); }
void RunsTable::setTextFilter(const QString& text) { text_->setText(text); }

void RunsTable::applyFilter() {
  store::RunFilter f;
  f.module = module_->currentData().toString().toStdString();
  f.status = status_->currentData().toString().toStdString();
  f.text = text_->text().trimmed().toStdString();
  model_->setFilter(f);
}

}  // namespace plab::widgets
