#include "core/hw/device_catalog.h"

#include <algorithm>
#include <system_error>

#include "core/hw/data_dirs.h"
#include "core/util/error.h"

namespace plab::hw {

DeviceCatalog DeviceCatalog::load(const std::filesystem::path& dir) {
  DeviceCatalog c;
  c.dir_ = dir;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    c.problems_.push_back({"", dir.string() + ": no such folder of device models"});
    return c;
  }
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") files.push_back(it->path());
  }
  if (ec) c.problems_.push_back({"", dir.string() + ": cannot list the folder: " + ec.message()});
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      c.devices_.push_back(load_device_model(f));
    } catch (const InputError& e) {
      c.problems_.push_back({f, e.what()});
    }
  }
  std::sort(c.devices_.begin(), c.devices_.end(),
            [](const DeviceModel& a, const DeviceModel& b) { return a.id < b.id; });
  return c;
}

DeviceCatalog DeviceCatalog::load_default() {
  try {
    return load(resolve_data_dir() / "devices");
  } catch (const InputError& e) {
    DeviceCatalog c;
    c.problems_.push_back({"", e.what()});
    return c;
  }
}

const DeviceModel* DeviceCatalog::find(const std::string& id) const {
  for (const auto& d : devices_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

const CatalogProblem* DeviceCatalog::problem_for(const std::string& id) const {
  for (const auto& p : problems_) {
    if (!p.file.empty() && p.file.filename() == id + ".json") return &p;
  }
  return nullptr;
}

std::vector<std::string> DeviceCatalog::ids() const {
  std::vector<std::string> out;
  for (const auto& d : devices_) out.push_back(d.id);
  return out;
}

}  // namespace plab::hw
