#pragma once
// Reading and checking JSON data files (device models, module sections) with errors that name the
// file, the line and column of a syntax error, or the JSON path of a bad field and what was expected.

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace plab::hw {

/// Reads and parses a JSON file. Throws InputError "<file>:<line>:<column>: invalid JSON: <what>"
/// on a syntax error and "<file>: cannot read the file" when it cannot be opened.
nlohmann::json read_json_file(const std::filesystem::path& file);

/// Parses JSON text; `label` (usually a file name) starts every error message, which carries the
/// line and column of a syntax error.
nlohmann::json parse_json_text(const std::string& text, const std::string& label);

/// A position inside a JSON document, used to word errors as
/// "data/devices/x.json: knobs[2].levels: expected a non-empty array of increasing numbers".
/// Cheap to copy; holds no reference to the document.
class JsonAt {
 public:
  explicit JsonAt(std::string file, std::string path = "");

  /// The position of member `key` of the object here ("knobs", then "knobs[2].levels").
  JsonAt operator[](const std::string& key) const;
  /// The position of element `index` of the array here ("knobs[2]").
  JsonAt operator[](std::size_t index) const;

  const std::string& file() const { return file_; }
  /// The JSON path ("" for the top level).
  const std::string& path() const { return path_; }

  /// Throws InputError "<file>: <path>: expected <expected>".
  [[noreturn]] void fail(const std::string& expected) const;
  /// Same, followed by " (got <a short rendering of got>)".
  [[noreturn]] void fail(const std::string& expected, const nlohmann::json& got) const;

 private:
  std::string file_;
  std::string path_;
};

// Typed access to a member of the object `obj` found at position `at`. Each throws through
// JsonAt::fail naming the member's path when it is missing or of the wrong type.

/// Fails unless `value` (at `at`) is an object.
void require_object(const nlohmann::json& value, const JsonAt& at);
/// Any member; a missing one fails with "expected <expected>, but the field is missing".
const nlohmann::json& require_member(const nlohmann::json& obj, const JsonAt& at, const std::string& key,
                                     const std::string& expected = "a value");
std::string require_string(const nlohmann::json& obj, const JsonAt& at, const std::string& key,
                           bool allow_empty = false);
std::optional<std::string> optional_string(const nlohmann::json& obj, const JsonAt& at,
                                           const std::string& key);
double require_number(const nlohmann::json& obj, const JsonAt& at, const std::string& key);
bool require_bool(const nlohmann::json& obj, const JsonAt& at, const std::string& key);
/// An array member; `allow_empty` false fails on [] as well.
const nlohmann::json& require_array(const nlohmann::json& obj, const JsonAt& at, const std::string& key,
                                    bool allow_empty = true);

}  // namespace plab::hw
