#include "core/hw/data_dirs.h"

#include <cstdlib>
#include <system_error>

#include "core/build_config.h"
#include "core/util/error.h"

namespace plab::hw {

namespace {

bool is_dir(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

}  // namespace

std::vector<DataDirCandidate> data_dir_candidates() {
  std::vector<DataDirCandidate> out;
  if (const char* env = std::getenv(kDataDirEnv); env != nullptr && *env != '\0') {
    out.push_back({env, kDataDirEnv});
  }
  out.push_back({build::kSourceDataDir, "source tree"});
  out.push_back({build::kInstallDataDir, "installed"});
  return out;
}

std::filesystem::path resolve_data_dir() {
  const auto candidates = data_dir_candidates();
  std::string looked;
  for (const auto& c : candidates) {
    if (is_dir(c.path)) return c.path;
    if (c.origin == kDataDirEnv) {
      throw InputError(std::string(kDataDirEnv) + "=" + c.path.string() + ": expected an existing folder");
    }
    looked += (looked.empty() ? "" : ", ") + c.path.string() + " (" + c.origin + ")";
  }
  throw InputError("no ParetoLab data folder found; looked in " + looked + "; set " + kDataDirEnv +
                   " to the folder that holds devices/");
}

}  // namespace plab::hw
