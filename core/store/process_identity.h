#pragma once
// Who writes a run: host, pid, boot id and the process's start time. A pid alone is not enough
// to tell whether a writer still lives (pids are reused, machines reboot); the pair (boot id,
// start time of the pid) is.

#include <cstdint>
#include <filesystem>
#include <string>

namespace plab::store {

/// The identity of a process that owns a running run.
struct ProcessIdentity {
  std::string host;
  std::int64_t pid = 0;
  std::string boot_id;          // /proc/sys/kernel/random/boot_id, "" if unknown
  std::int64_t start_time = 0;  // field 22 of /proc/<pid>/stat (clock ticks since boot), 0 if unknown
};

/// This process, read from the real /proc.
ProcessIdentity current_process();

/// The boot id below `proc_root` ("" when it cannot be read).
std::string read_boot_id(const std::filesystem::path& proc_root);

/// Start time of `pid` (field 22 of <proc_root>/<pid>/stat); -1 when there is no such
/// process or it is a zombie (it has exited and only waits to be reaped).
std::int64_t read_start_time(const std::filesystem::path& proc_root, std::int64_t pid);

enum class Liveness { Alive, Gone, Unknown };

/// Whether `owner` still runs, judged from `proc_root`: Gone when this machine booted since
/// (another boot id), when no such pid exists, or when the pid now belongs to a process started
/// at another time; Unknown when this machine's boot id cannot be read (no /proc).
Liveness owner_liveness(const ProcessIdentity& owner, const std::filesystem::path& proc_root);

}  // namespace plab::store
