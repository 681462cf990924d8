#pragma once
// Small, non-throwing readers for Linux sysfs/procfs files, used by the local probes. Every
// function takes full paths; the probes build them under a root folder ("/" in production, a
// fixture tree in tests). Failures are values (nullopt, false), never exceptions.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace plab::hw::sysfs {

/// `absolute` ("/sys/class/hwmon") placed under `root` ("/" or a fixture folder).
std::filesystem::path under(const std::filesystem::path& root, const std::string& absolute);

/// The file's text with trailing white space removed, or nullopt when it cannot be opened or read
/// (missing, no permission, or a driver error such as EIO).
std::optional<std::string> read_text(const std::filesystem::path& file);
/// The file's content as one signed / unsigned decimal integer, or nullopt.
std::optional<std::int64_t> read_int(const std::filesystem::path& file);
std::optional<std::uint64_t> read_uint(const std::filesystem::path& file);

/// Splits on white space.
std::vector<std::string> words(const std::string& text);

bool exists(const std::filesystem::path& p);
/// access(W_OK): whether this process may open the file for writing. Nothing is written.
bool writable(const std::filesystem::path& file);

/// Entries of `dir` whose name is `prefix` followed by one or more digits ("cpu" -> cpu0, cpu12),
/// sorted by that number. Empty when the folder is missing.
std::vector<std::filesystem::path> numbered_entries(const std::filesystem::path& dir,
                                                    const std::string& prefix);

/// Entries of `dir` whose name starts with `prefix`, sorted by name. Empty when the folder is missing.
std::vector<std::filesystem::path> entries_with_prefix(const std::filesystem::path& dir,
                                                       const std::string& prefix);

}  // namespace plab::hw::sysfs
