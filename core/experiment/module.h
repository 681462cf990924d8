#pragma once
// The module contract, science side: what a plugin author implements.

#include "core/experiment/run_context.h"
#include "core/experiment/types.h"

namespace plab {

/// An experiment module: describes itself and runs against a context. Implementations may throw;
/// the plugin adapter (plugin_abi.h) catches everything at the boundary.
class Module {
 public:
  virtual ~Module() = default;
  virtual ModuleInfo info() const = 0;
  /// Runs once with ctx.params() already validated against info().params. Returns normally on
  /// success, throws Cancelled when it stopped because ctx.cancelled(), anything else on failure.
  virtual void run(RunContext& ctx) = 0;
};

}  // namespace plab
