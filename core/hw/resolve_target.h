#pragma once
// Turning a target spec ("local", "simulated:jetson-agx-orin", "csv:/x.csv") into the TargetInfo a
// run receives, with its device model or probe report.

#include <string>

#include "core/hw/device_catalog.h"
#include "core/hw/local_probe.h"
#include "core/hw/target.h"

namespace plab::hw {

/// Resolves `spec`:
///  - "simulated:<device>": model = the validated device JSON from `catalog`, source = its file;
///  - "local": model = `probe.run().to_json()` (the probe runs only for this kind);
///  - any other "<kind>:<name>": parsed, no model (the module that accepts the kind reads it).
/// Throws InputError for a malformed spec, for an unknown device (listing the known ones and any
/// device files that failed to load), or when the device's own file is invalid (with its reason).
TargetInfo resolve_target(const std::string& spec, const DeviceCatalog& catalog, const LocalProbe& probe);

}  // namespace plab::hw
