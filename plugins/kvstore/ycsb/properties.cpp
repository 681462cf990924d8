#include "plugins/kvstore/ycsb/properties.h"

#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace plab::ycsb {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\f");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\f");
  return s.substr(b, e - b + 1);
}

}  // namespace

Properties Properties::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot read the workload file (expected a YCSB properties file)");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file.string());
}

Properties Properties::parse(const std::string& text, const std::string& origin) {
  Properties p;
  p.origin_ = origin;
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string s = trim(raw);
    if (s.empty() || s[0] == '#' || s[0] == '!') continue;
    const auto eq = s.find_first_of("=:");
    if (eq == std::string::npos) {
      throw InputError(origin + ":" + std::to_string(line) + ": expected 'key=value', got '" + s + "'");
    }
    const std::string key = trim(s.substr(0, eq));
    if (key.empty()) throw InputError(origin + ":" + std::to_string(line) + ": empty key before '='");
    p.values_[key] = {trim(s.substr(eq + 1)), line};
  }
  return p;
}

std::string Properties::where(const std::string& key) const {
  auto it = values_.find(key);
  std::string w = origin_;
  if (it != values_.end() && it->second.line > 0) w.append(1, ':').append(std::to_string(it->second.line));
  return w;
}

std::string Properties::get(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second.value;
}

double Properties::get_double(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  try {
    std::size_t used = 0;
    double v = std::stod(it->second.value, &used);
    if (used == it->second.value.size()) return v;
  } catch (const std::exception&) {
  }
  throw InputError(where(key) + ": '" + key + "' must be a number, got '" + it->second.value + "'");
}

long long Properties::get_int(const std::string& key, long long fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  try {
    std::size_t used = 0;
    long long v = std::stoll(it->second.value, &used);
    if (used == it->second.value.size()) return v;
  } catch (const std::exception&) {
  }
  throw InputError(where(key) + ": '" + key + "' must be an integer, got '" + it->second.value + "'");
}

}  // namespace plab::ycsb
