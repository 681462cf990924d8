#pragma once
// Java .properties files as YCSB writes its workload definitions (key=value, '#'/'!' comments).

#include <filesystem>
#include <map>
#include <string>

namespace plab::ycsb {

/// Parsed key/value pairs, remembering the line each came from for error messages.
class Properties {
 public:
  /// Reads a file; throws plab::InputError naming the file and line of a malformed entry.
  static Properties load(const std::filesystem::path& file);
  /// Parses text; `origin` names it in error messages.
  static Properties parse(const std::string& text, const std::string& origin);

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  std::string get(const std::string& key, const std::string& fallback) const;
  /// Typed getters; throw InputError naming the file, line and key when the value is malformed.
  double get_double(const std::string& key, double fallback) const;
  long long get_int(const std::string& key, long long fallback) const;
  void set(const std::string& key, const std::string& value) { values_[key] = {value, 0}; }
  const std::string& origin() const { return origin_; }

 private:
  struct Entry {
    std::string value;
    int line;
  };
  std::string where(const std::string& key) const;
  std::string origin_;
  std::map<std::string, Entry> values_;
};

}  // namespace plab::ycsb
