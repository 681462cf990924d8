#include "core/hw/json_check.h"

#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace plab::hw {

namespace {

// nlohmann's parse_error names a byte offset; people want line and column.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t column = 1;
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while ..." ->
// "syntax error while ...".
std::string parse_error_detail(const std::string& what) {
  const auto column = what.find("column ");
  if (column != std::string::npos) {
    const auto colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

std::string short_dump(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& label) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const auto [line, column] = line_and_column(text, e.byte);
    throw InputError(label + ":" + std::to_string(line) + ":" + std::to_string(column) +
                     ": invalid JSON: " + parse_error_detail(e.what()));
  }
}

nlohmann::json read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot read the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(file.string() + ": cannot read the file");
  return parse_json_text(buffer.str(), file.string());
}

JsonAt::JsonAt(std::string file, std::string path) : file_(std::move(file)), path_(std::move(path)) {}

JsonAt JsonAt::operator[](const std::string& key) const {
  return JsonAt(file_, path_.empty() ? key : path_ + "." + key);
}

JsonAt JsonAt::operator[](std::size_t index) const {
  return JsonAt(file_, path_ + "[" + std::to_string(index) + "]");
}

void JsonAt::fail(const std::string& expected) const {
  throw InputError(file_ + ": " + (path_.empty() ? std::string("top level") : path_) + ": expected " +
                   expected);
}

void JsonAt::fail(const std::string& expected, const nlohmann::json& got) const {
  fail(expected + " (got " + short_dump(got) + ")");
}

void require_object(const nlohmann::json& value, const JsonAt& at) {
  if (!value.is_object()) at.fail("an object", value);
}

const nlohmann::json& require_member(const nlohmann::json& obj, const JsonAt& at, const std::string& key,
                                     const std::string& expected) {
  const auto it = obj.find(key);
  if (it == obj.end()) at[key].fail(expected + ", but the field is missing");
  return *it;
}

std::string require_string(const nlohmann::json& obj, const JsonAt& at, const std::string& key,
                           bool allow_empty) {
  const std::string expected = allow_empty ? "a string" : "a non-empty string";
  const auto& v = require_member(obj, at, key, expected);
  if (!v.is_string() || (!allow_empty && v.get_ref<const std::string&>().empty())) at[key].fail(expected, v);
  return v.get<std::string>();
}

std::optional<std::string> optional_string(const nlohmann::json& obj, const JsonAt& at,
                                           const std::string& key) {
  const auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_string()) at[key].fail("a string", *it);
  return it->get<std::string>();
}

double require_number(const nlohmann::json& obj, const JsonAt& at, const std::string& key) {
  const auto& v = require_member(obj, at, key, "a number");
  if (!v.is_number()) at[key].fail("a number", v);
  return v.get<double>();
}

bool require_bool(const nlohmann::json& obj, const JsonAt& at, const std::string& key) {
  const auto& v = require_member(obj, at, key, "true or false");
  if (!v.is_boolean()) at[key].fail("true or false", v);
  return v.get<bool>();
}

const nlohmann::json& require_array(const nlohmann::json& obj, const JsonAt& at, const std::string& key,
                                    bool allow_empty) {
  const std::string expected = allow_empty ? "an array" : "a non-empty array";
  const auto& v = require_member(obj, at, key, expected);
  if (!v.is_array() || (!allow_empty && v.empty())) at[key].fail(expected, v);
  return v;
}

}  // namespace plab::hw
