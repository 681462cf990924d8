#pragma once
// The module browser: every loaded module (name, version, paper, summary) and every plugin that
// failed to load, with its file and the reason.

#include <QWidget>

#include "core/experiment/plugin_loader.h"

class QListWidget;
class QTextBrowser;

namespace plab::widgets {

/// Lists modules and failed plugins; choosing a module emits moduleChosen.
class ModuleBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit ModuleBrowser(QWidget* parent = nullptr);
  void setRegistry(const PluginRegistry& registry);
  /// Selects a module by id; false when it is not loaded.
  bool selectModule(const QString& id);
  QString currentModule() const;
  /// Rows shown (modules, then failures), as displayed.
  QStringList rows() const;

 signals:
  void moduleChosen(const QString& id);

 private:
  void showDetails();
  QListWidget* list_;
  QTextBrowser* details_;
  const PluginRegistry* registry_ = nullptr;
};

}  // namespace plab::widgets
