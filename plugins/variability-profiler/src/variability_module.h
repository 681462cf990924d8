#pragma once
// The `variability-profiler` module: measures (or simulates, or imports) the same applications on
// many processors of one model and analyses how much they differ, following the SC'22 study of
// GPU variability (Sinha et al., arXiv 2208.11035 v3).
//
// Targets: "local" (this machine's CPU cores, and NVIDIA GPUs when possible), "cluster:<preset>"
// (a simulated cluster from data/clusters/<preset>.json; "simulated:<preset>" is accepted too),
// "csv:<path>" (imported measurements, format in csv_io.h).

#include "core/experiment/module.h"

namespace plab::variability {

class VariabilityModule final : public Module {
 public:
  ModuleInfo info() const override;
  void run(RunContext& ctx) override;
};

}  // namespace plab::variability
