#include "widgets/target_picker.h"

#include <QDir>

#include "core/hw/data_dirs.h"
#include "core/hw/device_catalog.h"
#include "core/hw/local_probe.h"
#include "core/hw/target.h"

namespace plab::widgets {

TargetPicker::TargetPicker(QWidget* parent) : QComboBox(parent) {
  setObjectName("targetPicker");
  setEditable(true);
  setInsertPolicy(QComboBox::NoInsert);
  setToolTip("Where the run goes: a simulated device, a preset, or this machine (local)");
}

QString TargetPicker::localSummary() {
  if (local_.isEmpty()) {
    const auto report = hw::LocalProbe{}.run();
    QStringList yes;
    int missing = 0;
    for (const auto& c : report.sensors) {
      if (c.available) yes << QString::fromStdString(c.name);
      else ++missing;
    }
    local_ = QString("this machine: measures %1%2")
                 .arg(yes.isEmpty() ? QString("nothing") : yes.mid(0, 6).join(", ") + (yes.size() > 6 ? ", ..." : ""))
                 .arg(missing ? QString("; %1 sensors missing").arg(missing) : QString());
  }
  return local_;
}

void TargetPicker::setModule(const ModuleInfo& info) {
  const QString old = target();
  clear();
  std::filesystem::path data;
  try {
    data = hw::resolve_data_dir();
  } catch (const std::exception&) {
  }
  for (const auto& pattern : info.targets) {
    const QString p = QString::fromStdString(pattern);
    if (p == "local") {
      addItem("local", "local");
      setItemData(count() - 1, localSummary(), Qt::ToolTipRole);
    } else if (p.startsWith("simulated:") && p.endsWith("*")) {
      const auto catalog = hw::DeviceCatalog::load_default();
      for (const auto& d : catalog.devices()) {
        const QString spec = "simulated:" + QString::fromStdString(d.id);
        if (hw::target_matches(pattern, spec.toStdString())) {
          addItem(spec + "  (" + QString::fromStdString(d.name) + ")", spec);
        }
      }
    } else if (p.endsWith(":*")) {
      // Named presets of this kind shipped in the data folder ("cluster:*" -> data/clusters/*.json).
      const QString kind = p.left(p.size() - 2);
      bool any = false;
      for (const auto& folder : {kind + "s", kind}) {
        QDir dir(QString::fromStdString((data / folder.toStdString()).string()));
        for (const auto& f : dir.entryInfoList({"*.json"}, QDir::Files, QDir::Name)) {
          addItem(kind + ":" + f.completeBaseName(), kind + ":" + f.completeBaseName());
          any = true;
        }
        if (any) break;
      }
      if (!any) addItem(p + "  (type the name)", kind + ":");
    } else {
      addItem(p, p);
    }
  }
  if (!setTarget(old) && count() > 0) setCurrentIndex(0);
}

QString TargetPicker::target() const {
  const int i = currentIndex();
  if (i >= 0 && itemText(i) == currentText()) return itemData(i).toString();
  return currentText().trimmed();
}

bool TargetPicker::setTarget(const QString& spec) {
  if (spec.isEmpty()) return false;
  const int i = findData(spec);
  if (i >= 0) {
    setCurrentIndex(i);
    return true;
  }
  return false;
}

}  // namespace plab::widgets
