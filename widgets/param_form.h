#pragma once
// A parameter form generated from a module's schema: one editor per parameter (text for numbers
// and strings, a list for enums, a check box for booleans) with its unit, default and reset
// button; every edit is validated at once and a bad value shows the reason under its field.
// Values load from and save to JSON; named presets come from the module and from the user.

#include <QWidget>
#include <map>
#include <memory>

#include "core/experiment/plugin_loader.h"

class QFormLayout;
class QLabel;

namespace plab::widgets {

/// The parameter form of one module.
class ParamForm : public QWidget {
  Q_OBJECT
 public:
  explicit ParamForm(QWidget* parent = nullptr);
  ~ParamForm() override;

  /// Builds the form for this module (nullptr: empty form), every field at its default.
  void setModule(std::shared_ptr<const LoadedModule> module);
  const LoadedModule* module() const { return module_.get(); }

  /// The values of every field that holds a valid value (converted to the schema's types).
  nlohmann::json values() const;
  /// Reasons of the fields that are not valid, each naming its field.
  QStringList errors() const;
  bool isValid() const { return errors().isEmpty(); }
  /// The reason shown under one field ("" when valid).
  QString errorFor(const QString& name) const;

  /// Sets a field from text as if typed (validates it). False when there is no such field.
  bool setText(const QString& name, const QString& text);
  QString text(const QString& name) const;
  /// Sets every field from a JSON object (unknown names are reported in *error, not applied).
  bool setValues(const nlohmann::json& values, QString* error);
  void resetAll();
  void reset(const QString& name);

  bool loadJson(const QString& file, QString* error);
  bool saveJson(const QString& file, QString* error) const;

  /// Preset names: the module's own, then the user's (saved in QSettings).
  QStringList presets() const;
  bool applyPreset(const QString& name);
  void saveUserPreset(const QString& name);

 signals:
  void validityChanged(bool valid);
  void edited();

 private:
  struct Field;
  void validate(Field& f);
  void setFieldText(Field& f, const QString& text);
  nlohmann::json userPresets() const;

  std::shared_ptr<const LoadedModule> module_;
  QFormLayout* form_;
  QLabel* header_;
  std::vector<std::unique_ptr<Field>> fields_;
  bool lastValid_ = true;
};

}  // namespace plab::widgets
