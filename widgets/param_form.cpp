#include "widgets/param_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/experiment/schema.h"
#include "core/util/error.h"
#include "widgets/plot_view.h"

namespace plab::widgets {
namespace {

QString text_of(const nlohmann::json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return QString::fromStdString(v.dump());
}

}  // namespace

/// One parameter's row: its schema property, editor, and the current reason it is invalid.
struct ParamForm::Field {
  ParamSchema::Property prop;
  QLineEdit* line = nullptr;
  QComboBox* combo = nullptr;
  QCheckBox* check = nullptr;
  QLabel* error = nullptr;
  QString reason;
  nlohmann::json value;  // the converted value when valid
  QString currentText() const {
    if (line) return line->text();
    if (combo) return combo->currentText();
    return check->isChecked() ? "true" : "false";
  }
};

ParamForm::ParamForm(QWidget* parent) : QWidget(parent) {
  setObjectName("paramForm");
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(4, 4, 4, 4);
  header_ = new QLabel(this);
  header_->setWordWrap(true);
  outer->addWidget(header_);
  form_ = new QFormLayout;
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  outer->addLayout(form_);
  outer->addStretch();
}

ParamForm::~ParamForm() = default;

void ParamForm::setModule(std::shared_ptr<const LoadedModule> module) {
  while (form_->rowCount() > 0) form_->removeRow(0);
  fields_.clear();
  module_ = std::move(module);
  if (!module_) {
    header_->setText("Choose a module to see its parameters.");
    return;
  }
  header_->setText(QString("<b>%1</b> parameters").arg(QString::fromStdString(module_->info().name)));
  for (const auto& p : module_->schema().properties()) {
    auto f = std::make_unique<Field>();
    f->prop = p;
    Field* raw = f.get();
    auto* row = new QWidget(this);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    QWidget* editor = nullptr;
    if (!p.enum_values.empty()) {
      f->combo = new QComboBox(row);
      for (const auto& e : p.enum_values) f->combo->addItem(text_of(e));
      connect(f->combo, &QComboBox::currentIndexChanged, this, [this, raw] { validate(*raw); emit edited(); });
      editor = f->combo;
    } else if (p.type == "boolean") {
      f->check = new QCheckBox(row);
      connect(f->check, &QCheckBox::toggled, this, [this, raw] { validate(*raw); emit edited(); });
      editor = f->check;
    } else {
      f->line = new QLineEdit(row);
      QString hint = QString::fromStdString(p.type);
      if (p.minimum || p.maximum)
        hint += QString(" in [%1, %2]").arg(p.minimum ? QString::number(*p.minimum) : QString("-inf"),
                                            p.maximum ? QString::number(*p.maximum) : QString("inf"));
      f->line->setPlaceholderText(hint);
      connect(f->line, &QLineEdit::textChanged, this, [this, raw] { validate(*raw); emit edited(); });
      editor = f->line;
    }
    editor->setObjectName("param_" + QString::fromStdString(p.name));
    QString tip = QString::fromStdString(p.description);
    if (!p.default_value.is_null()) tip += (tip.isEmpty() ? "" : "\n") + QString("Default: ") + text_of(p.default_value);
    editor->setToolTip(tip);
    h->addWidget(editor, 1);
    auto* unit = new QLabel(QString::fromStdString(p.unit), row);
    unit->setMinimumWidth(30);
    h->addWidget(unit);
    auto* reset = new QToolButton(row);
    reset->setText("↺");
    reset->setToolTip("Reset to the default (" + text_of(p.default_value) + ")");
    connect(reset, &QToolButton::clicked, this, [this, raw] { setFieldText(*raw, text_of(raw->prop.default_value)); });
    h->addWidget(reset);
    f->error = new QLabel(this);
    f->error->setStyleSheet("color: #b00020;");
    f->error->setWordWrap(true);
    f->error->setVisible(false);
    auto* cell = new QWidget(this);
    auto* v = new QVBoxLayout(cell);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(1);
    v->addWidget(row);
    v->addWidget(f->error);
    const QString label = QString::fromStdString(p.title.empty() ? p.name : p.title) + (p.required ? " *" : "");
    auto* l = new QLabel(label, this);
    l->setToolTip(QString::fromStdString(p.name));
    form_->addRow(l, cell);
    fields_.push_back(std::move(f));
  }
  resetAll();
}

void ParamForm::setFieldText(Field& f, const QString& text) {
  if (f.line) f.line->setText(text);
  else if (f.combo) f.combo->setCurrentIndex(std::max(0, f.combo->findText(text)));
  else f.check->setChecked(text == "true" || text == "1");
  validate(f);
}

void ParamForm::validate(Field& f) {
  f.reason.clear();
  f.value = nullptr;
  const QString text = f.currentText().trimmed();
  if (text.isEmpty()) {
    if (f.prop.required) f.reason = QString("field '%1': a value is required").arg(QString::fromStdString(f.prop.name));
  } else {
    try {
      auto v = module_->schema().parse_text(f.prop.name, text.toStdString());
      if (auto why = module_->schema().check_value(f.prop, v)) f.reason = QString::fromStdString(*why);
      else f.value = v;
    } catch (const InputError& e) {
      f.reason = QString::fromStdString(e.what());
    }
  }
  f.error->setText(f.reason);
  f.error->setVisible(!f.reason.isEmpty());
  if (f.line) f.line->setStyleSheet(f.reason.isEmpty() ? "" : "border: 1px solid #b00020;");
  const bool valid = isValid();
  if (valid != lastValid_) {
    lastValid_ = valid;
    emit validityChanged(valid);
  }
}

nlohmann::json ParamForm::values() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& f : fields_)
    if (f->reason.isEmpty() && !f->value.is_null()) out[f->prop.name] = f->value;
  return out;
}

QStringList ParamForm::errors() const {
  QStringList out;
  for (const auto& f : fields_)
    if (!f->reason.isEmpty()) out << f->reason;
  return out;
}

QString ParamForm::errorFor(const QString& name) const {
  for (const auto& f : fields_)
    if (f->prop.name == name.toStdString()) return f->reason;
  return {};
}

bool ParamForm::setText(const QString& name, const QString& text) {
  for (auto& f : fields_)
    if (f->prop.name == name.toStdString()) {
      setFieldText(*f, text);
      return true;
    }
  return false;
}

QString ParamForm::text(const QString& name) const {
  for (const auto& f : fields_)
    if (f->prop.name == name.toStdString()) return f->currentText();
  return {};
}

bool ParamForm::setValues(const nlohmann::json& values, QString* error) {
  if (!values.is_object()) {
    if (error) *error = "expected a JSON object of parameter: value";
    return false;
  }
  QStringList unknown;
  for (const auto& [k, v] : values.items())
    if (!setText(QString::fromStdString(k), text_of(v))) unknown << QString::fromStdString(k);
  if (!unknown.isEmpty() && error) *error = "unknown parameters ignored: " + unknown.join(", ");
  return unknown.isEmpty();
}

void ParamForm::resetAll() {
  for (auto& f : fields_) setFieldText(*f, text_of(f->prop.default_value));
}

void ParamForm::reset(const QString& name) {
  for (auto& f : fields_)
    if (f->prop.name == name.toStdString()) setFieldText(*f, text_of(f->prop.default_value));
}

bool ParamForm::loadJson(const QString& file, QString* error) {
  try {
    const auto j = read_json_file(file.toStdString());
    QString why;
    const bool ok = setValues(j, &why);
    if (!ok && error) *error = file + ": " + why;
    return ok;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
}

bool ParamForm::saveJson(const QString& file, QString* error) const {
  return write_text_file(file, QString::fromStdString(values().dump(2)) + "\n", error);
}

nlohmann::json ParamForm::userPresets() const {
  if (!module_) return nlohmann::json::object();
  QSettings s;
  const auto text = s.value("presets/" + QString::fromStdString(module_->info().id)).toString().toStdString();
  auto j = nlohmann::json::parse(text.empty() ? "{}" : text, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

QStringList ParamForm::presets() const {
  QStringList out;
  if (!module_) return out;
  for (const auto& [k, v] : module_->info().presets.items()) out << QString::fromStdString(k);
  const auto user = userPresets();  // a local: items() must not outlive its json
  for (const auto& [k, v] : user.items()) out << QString::fromStdString(k);
  return out;
}

bool ParamForm::applyPreset(const QString& name) {
  if (!module_) return false;
  const std::string key = name.toStdString();
  nlohmann::json preset;
  if (module_->info().presets.contains(key)) preset = module_->info().presets[key];
  else if (auto u = userPresets(); u.contains(key)) preset = u[key];
  else return false;
  resetAll();
  return setValues(preset, nullptr);
}

void ParamForm::saveUserPreset(const QString& name) {
  if (!module_ || name.isEmpty()) return;
  auto u = userPresets();
  u[name.toStdString()] = values();
  QSettings s;
  s.setValue("presets/" + QString::fromStdString(module_->info().id), QString::fromStdString(u.dump()));
}

}  // namespace plab::widgets
