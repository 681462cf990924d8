#pragma once
// The `kv-store` experiment module: runs a YCSB workload against one backend (this project's
// F2-style store, RocksDB or LMDB) under a memory budget and reports throughput over time,
// latency percentiles, read/write amplification, memory used and disk space. With budget_sweep it
// repeats the run over several budgets (percent of the data), one point each, which gives the
// throughput-versus-memory Pareto view per backend.

#include "core/experiment/module.h"

namespace plab::kv {

/// The module behind plab-kvstore.so (entry.cpp adapts it to the plugin contract).
class KvModule final : public Module {
 public:
  ModuleInfo info() const override;
  void run(RunContext& ctx) override;
};

}  // namespace plab::kv
