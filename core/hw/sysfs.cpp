#include "core/hw/sysfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <sstream>
#include <system_error>

namespace plab::hw::sysfs {

namespace {

template <class T>
std::optional<T> parse_integer(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  T value{};
  const char* begin = text->data();
  const char* end = begin + text->size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::vector<std::filesystem::path> list(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    out.push_back(it->path());
  }
  return out;
}

}  // namespace

std::filesystem::path under(const std::filesystem::path& root, const std::string& absolute) {
  const auto first = absolute.find_first_not_of('/');
  return first == std::string::npos ? root : root / absolute.substr(first);
}

std::optional<std::string> read_text(const std::filesystem::path& file) {
  // POSIX read() rather than iostreams: a sysfs attribute whose driver fails reports the error
  // (EIO, ENODATA, ...) from read(), which iostreams would turn into an empty string.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string s;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    s.append(buffer, static_cast<std::size_t>(n));
    if (s.size() > (1u << 20)) break;  // no sysfs or procfs file we read is this large
  }
  ::close(fd);
  const auto last = s.find_last_not_of(" \t\r\n");
  s.erase(last == std::string::npos ? 0 : last + 1);
  return s;
}

std::optional<std::int64_t> read_int(const std::filesystem::path& file) {
  return parse_integer<std::int64_t>(read_text(file));
}

std::optional<std::uint64_t> read_uint(const std::filesystem::path& file) {
  return parse_integer<std::uint64_t>(read_text(file));
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool exists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec);
}

bool writable(const std::filesystem::path& file) { return ::access(file.c_str(), W_OK) == 0; }

std::vector<std::filesystem::path> numbered_entries(const std::filesystem::path& dir,
                                                    const std::string& prefix) {
  std::vector<std::pair<unsigned long, std::filesystem::path>> found;
  for (const auto& p : list(dir)) {
    const std::string name = p.filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (digits.size() > 9) continue;
    found.emplace_back(std::stoul(digits), p);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::filesystem::path> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

std::vector<std::filesystem::path> entries_with_prefix(const std::filesystem::path& dir,
                                                       const std::string& prefix) {
  std::vector<std::filesystem::path> out;
  for (const auto& p : list(dir)) {
    if (p.filename().string().compare(0, prefix.size(), prefix) == 0) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace plab::hw::sysfs
