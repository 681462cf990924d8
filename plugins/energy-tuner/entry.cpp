// Plugin entry: exports the energy tuner through the module contract.
#include "core/experiment/plugin_abi.h"
#include "plugins/energy-tuner/src/energy_module.h"

PLAB_MODULE(
    plab::energy::EnergyTunerModule,
    R"json({"id":"energy-tuner","name":"Energy tuner (PolyThrottle)","version":"0.1.0","min_core_version":"0.1.0"})json")
