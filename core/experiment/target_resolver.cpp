// The engine's default target resolver: validated simulated device models from the data folder's
// devices/ catalogue, and the local probe report for "local".

#include "core/experiment/run_engine.h"
#include "core/hw/device_catalog.h"
#include "core/hw/local_probe.h"
#include "core/hw/resolve_target.h"

namespace plab {

TargetResolver default_target_resolver() {
  return [](const std::string& spec) {
    // Only "simulated:" needs the catalogue; loading it per run keeps edited device files live.
    const hw::TargetInfo parsed = hw::parse_target_spec(spec);
    const hw::DeviceCatalog catalog =
        parsed.kind == "simulated" ? hw::DeviceCatalog::load_default() : hw::DeviceCatalog{};
    return hw::resolve_target(spec, catalog, hw::LocalProbe{});
  };
}

}  // namespace plab
