#pragma once
// The energy tuner on the `local` target: tunes worker threads and batch size of a real CPU MLP
// inference. Energy is reported only from a readable RAPL counter; without one the run says so
// and optimises time per inference instead.

#include "core/experiment/run_context.h"

namespace plab::energy {

/// Runs the local tuning (parameters as in EnergyTunerModule::info()).
void run_local(RunContext& ctx);

}  // namespace plab::energy
