// Plugin entry: exports the variability profiler through the module contract.
#include "core/experiment/plugin_abi.h"
#include "plugins/variability-profiler/src/variability_module.h"

PLAB_MODULE(
    plab::variability::VariabilityModule,
    R"({"id":"variability-profiler","name":"Variability profiler","version":"0.1.0","min_core_version":"0.1.0"})")
