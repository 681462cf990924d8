#include "core/hw/resolve_target.h"

#include "core/util/error.h"

namespace plab::hw {

namespace {

std::string known_devices(const DeviceCatalog& catalog) {
  std::string known;
  for (const auto& id : catalog.ids()) known += (known.empty() ? "" : ", ") + id;
  std::string text = known.empty() ? "no simulated devices are available" : "known devices: " + known;
  if (!catalog.dir().empty()) text += " (from " + catalog.dir().string() + ")";
  for (const auto& p : catalog.problems()) text += "; not loaded: " + p.reason;
  return text;
}

}  // namespace

TargetInfo resolve_target(const std::string& spec, const DeviceCatalog& catalog, const LocalProbe& probe) {
  TargetInfo t = parse_target_spec(spec);
  if (t.kind == "local") {
    t.model = probe.run().to_json();
    return t;
  }
  if (t.kind != "simulated") return t;
  if (const DeviceModel* m = catalog.find(t.name)) {
    t.model = m->json;
    t.source = m->file;
    return t;
  }
  if (const CatalogProblem* p = catalog.problem_for(t.name)) {
    throw InputError("target '" + spec + "': the device model is invalid: " + p->reason);
  }
  throw InputError("target '" + spec + "': unknown simulated device '" + t.name + "'; " +
                   known_devices(catalog));
}

}  // namespace plab::hw
