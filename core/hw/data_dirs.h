#pragma once
// Where ParetoLab finds the data it ships (device models, fixtures): an explicit setting, the
// source tree of this build, or the installed copy.

#include <filesystem>
#include <string>
#include <vector>

namespace plab::hw {

/// The environment variable that overrides where the data folder is.
inline constexpr const char* kDataDirEnv = "PARETOLAB_DATA_DIR";

/// One place the data folder may be, and why it is looked at.
struct DataDirCandidate {
  std::filesystem::path path;
  std::string origin;  // "PARETOLAB_DATA_DIR", "source tree" or "installed"
};

/// The places looked at, in order: $PARETOLAB_DATA_DIR when set and not empty, the source tree's
/// data/ folder, the installed data folder (both from core/build_config.h).
std::vector<DataDirCandidate> data_dir_candidates();

/// The first candidate that is an existing folder. An explicit PARETOLAB_DATA_DIR that is not a
/// folder is an error rather than silently skipped. Throws InputError naming every place looked at
/// when none exists.
std::filesystem::path resolve_data_dir();

}  // namespace plab::hw
