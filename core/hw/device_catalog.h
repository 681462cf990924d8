#pragma once
// The simulated devices available to runs: every valid model in one devices/ folder.

#include <filesystem>
#include <string>
#include <vector>

#include "core/hw/device_model.h"

namespace plab::hw {

/// A device file that could not be used, and why (the InputError message, which names the file).
struct CatalogProblem {
  std::filesystem::path file;  // "" when the problem is the folder itself
  std::string reason;
};

/// All device models of a folder, sorted by id. A bad file does not stop the others: it is left
/// out and listed in problems() with its reason. Immutable after load, so safe to share between
/// threads for reading.
class DeviceCatalog {
 public:
  DeviceCatalog() = default;

  /// Loads every *.json in `dir` (other files, such as README.md, are ignored). A missing folder
  /// gives an empty catalog with one problem saying so. Never throws for bad files.
  static DeviceCatalog load(const std::filesystem::path& dir);

  /// The catalog of <data folder>/devices (see resolve_data_dir()); when no data folder is found,
  /// an empty catalog whose one problem says where it looked.
  static DeviceCatalog load_default();

  const std::vector<DeviceModel>& devices() const { return devices_; }
  const std::vector<CatalogProblem>& problems() const { return problems_; }
  const std::filesystem::path& dir() const { return dir_; }

  /// The model with this id, or nullptr.
  const DeviceModel* find(const std::string& id) const;
  /// The problem of the file named "<id>.json", or nullptr when there is none.
  const CatalogProblem* problem_for(const std::string& id) const;
  std::vector<std::string> ids() const;

 private:
  std::filesystem::path dir_;
  std::vector<DeviceModel> devices_;
  std::vector<CatalogProblem> problems_;
};

}  // namespace plab::hw
