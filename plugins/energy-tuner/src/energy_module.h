#pragma once
// The `energy-tuner` module: PolyThrottle (Yan, Wang, Venkataraman, MLSys 2024, arXiv 2310.19991)
// on simulated Jetsons and datacenter GPUs, and a real CPU inference workload on `local`.

#include "core/experiment/module.h"

namespace plab::energy {

/// Chooses the hardware configuration that minimises energy per inference under a latency SLO.
class EnergyTunerModule final : public Module {
 public:
  ModuleInfo info() const override;
  void run(RunContext& ctx) override;
};

}  // namespace plab::energy
