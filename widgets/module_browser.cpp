#include "widgets/module_browser.h"

#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace plab::widgets {
namespace {
constexpr int kIdRole = Qt::UserRole;
constexpr int kFailureRole = Qt::UserRole + 1;
QString h(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
}  // namespace

ModuleBrowser::ModuleBrowser(QWidget* parent) : QWidget(parent) {
  setObjectName("moduleBrowser");
  list_ = new QListWidget(this);
  list_->setObjectName("moduleList");
  details_ = new QTextBrowser(this);
  details_->setOpenExternalLinks(true);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(list_);
  split->addWidget(details_);
  split->setStretchFactor(1, 1);
  split->setSizes({80, 220});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);
  connect(list_, &QListWidget::currentRowChanged, this, [this] {
    showDetails();
    const QString id = currentModule();
    if (!id.isEmpty()) emit moduleChosen(id);
  });
}

void ModuleBrowser::setRegistry(const PluginRegistry& registry) {
  registry_ = &registry;
  list_->clear();
  for (const auto& m : registry.modules()) {
    const auto& info = m->info();
    auto* item = new QListWidgetItem(QString("%1  %2").arg(QString::fromStdString(info.name), QString::fromStdString(info.version)), list_);
    item->setData(kIdRole, QString::fromStdString(info.id));
    item->setToolTip(QString::fromStdString(info.summary));
  }
  int i = 0;
  for (const auto& f : registry.failures()) {
    auto* item = new QListWidgetItem(QString("⚠ %1 (failed to load)").arg(QString::fromStdString(f.file.filename().string())), list_);
    item->setData(kFailureRole, i++);
    item->setForeground(QColor(176, 0, 32));
    item->setToolTip(QString::fromStdString(f.reason));
  }
  if (registry.modules().empty() && registry.failures().empty())
    details_->setHtml("<p>No modules were found. Plugins are searched in $PARETOLAB_PLUGIN_PATH and the build and "
                      "installed plugin folders.</p>");
}

bool ModuleBrowser::selectModule(const QString& id) {
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->data(kIdRole).toString() == id) {
      list_->setCurrentRow(i);
      return true;
    }
  return false;
}

QString ModuleBrowser::currentModule() const {
  auto* item = list_->currentItem();
  return item ? item->data(kIdRole).toString() : QString();
}

QStringList ModuleBrowser::rows() const {
  QStringList out;
  for (int i = 0; i < list_->count(); ++i) out << list_->item(i)->text();
  return out;
}

void ModuleBrowser::showDetails() {
  auto* item = list_->currentItem();
  if (!item || !registry_) return;
  if (item->data(kFailureRole).isValid()) {
    const auto& f = registry_->failures().at(item->data(kFailureRole).toInt());
    details_->setHtml("<h3>Plugin failed to load</h3><p><b>File:</b> " + h(f.file.string()) + "</p><p><b>Reason:</b> " +
                      h(f.reason) + "</p>");
    return;
  }
  auto m = registry_->find(item->data(kIdRole).toString().toStdString());
  if (!m) return;
  const auto& i = m->info();
  QString html = "<h3>" + h(i.name) + " <small>" + h(i.version) + "</small></h3><p>" + h(i.summary) + "</p>";
  html += "<p><b>Paper:</b> " + h(i.paper.title) + "<br>" + h(i.paper.authors) + ", " + h(i.paper.venue);
  if (!i.paper.url.empty()) html += "<br><a href=\"" + h(i.paper.url) + "\">" + h(i.paper.url) + "</a>";
  html += "</p><p><b>Targets:</b> ";
  QStringList t;
  for (const auto& x : i.targets) t << h(x);
  html += t.join(", ") + "</p><p><b>Metrics:</b></p><ul>";
  for (const auto& x : i.metrics)
    html += "<li>" + h(x.name) + (x.unit.empty() ? "" : " [" + h(x.unit) + "]") + " (" + to_string(x.direction) + ")" +
            (x.description.empty() ? "" : ": " + h(x.description)) + "</li>";
  html += "</ul><p><small>" + h(m->file().string()) + "</small></p>";
  details_->setHtml(html);
}

}  // namespace plab::widgets
