// Plugin entry: exports the cluster scheduler simulator through the module contract.
#include "core/experiment/plugin_abi.h"
#include "plugins/cluster-scheduler/src/cluster_module.h"

PLAB_MODULE(plab::cluster::ClusterModule,
            R"({"id":"cluster-scheduler","name":"GPU cluster schedulers","version":"0.1.0","min_core_version":"0.1.0"})")
