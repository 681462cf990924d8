#pragma once
// The `cluster-scheduler` module: a trace (file or synthetic) on a simulated GPU cluster under one
// scheduling policy (FIFO, Gavel max-min, Themis, AlloX, Shockwave, JigSaw), with Shockwave's
// efficiency and finish-time-fairness metrics.

#include "core/experiment/module.h"

namespace plab::cluster {

class ClusterModule final : public Module {
 public:
  ModuleInfo info() const override;
  void run(RunContext& ctx) override;
};

}  // namespace plab::cluster
