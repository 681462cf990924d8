#include "core/store/process_identity.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace plab::store {

std::string read_boot_id(const std::filesystem::path& proc_root) {
  std::ifstream in(proc_root / "sys/kernel/random/boot_id");
  std::string id;
  if (!(in >> id)) return {};
  return id;
}

std::int64_t read_start_time(const std::filesystem::path& proc_root, std::int64_t pid) {
  if (pid <= 0) return -1;
  std::ifstream in(proc_root / std::to_string(pid) / "stat");
  if (!in) return -1;
  std::string line((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  auto close = line.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;  // fields[0] is field 3 (state)
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() < 20) return -1;
  if (fields[0] == "Z" || fields[0] == "X") return -1;  // exited, not yet reaped
  try {
    return std::stoll(fields[19]);  // field 22: starttime
  } catch (const std::exception&) {
    return -1;
  }
}

ProcessIdentity current_process() {
  ProcessIdentity id;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) id.host = host;
  id.pid = static_cast<std::int64_t>(getpid());
  id.boot_id = read_boot_id("/proc");
  id.start_time = std::max<std::int64_t>(0, read_start_time("/proc", id.pid));
  return id;
}

Liveness owner_liveness(const ProcessIdentity& owner, const std::filesystem::path& proc_root) {
  const std::string boot = read_boot_id(proc_root);
  if (boot.empty()) return Liveness::Unknown;
  if (owner.boot_id != boot) return Liveness::Gone;
  const std::int64_t start = read_start_time(proc_root, owner.pid);
  if (start < 0) return Liveness::Gone;
  if (owner.start_time != 0 && start != owner.start_time) return Liveness::Gone;
  return Liveness::Alive;
}

}  // namespace plab::store
