#pragma once
// Where ParetoLab keeps things on this machine: the default store, plugin and data folders.

#include <filesystem>
#include <vector>

namespace plab {

/// $XDG_DATA_HOME/paretolab/runs.sqlite, else ~/.local/share/paretolab/runs.sqlite.
std::filesystem::path default_db_path();

/// Plugin folders in search order: every folder in $PARETOLAB_PLUGIN_PATH (':'-separated), the
/// build's plugin folder, the installed plugin folder. Folders that do not exist are kept (the
/// loader skips them quietly) so that `modules --json` can say where it looked.
std::vector<std::filesystem::path> plugin_search_path();

/// Data folders (device models, presets) in search order: $PARETOLAB_DATA_DIR, the source tree's
/// data/, the installed data folder.
std::vector<std::filesystem::path> data_search_path();

/// The public data beside the project ($PARETOLAB_SHARED_DATA, else ../shared/data of the source
/// tree); empty when neither exists.
std::filesystem::path shared_data_dir();

}  // namespace plab
