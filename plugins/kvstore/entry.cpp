// plab-kvstore.so: the `kv-store` module (plugins/kvstore/module) behind the plugin contract.
#include "core/experiment/plugin_abi.h"
#include "plugins/kvstore/module/kv_module.h"

// clang-format off
PLAB_MODULE(plab::kv::KvModule, R"json({"id": "kv-store", "name": "KV store (F2 hot/cold vs RocksDB, LMDB)", "version": "1.0.0", "min_core_version": "0.1.0"})json")
// clang-format on
