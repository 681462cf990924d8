// paretolab-cli export | report when the build has no GUI libraries: they say so (exit 2).
// With PLAB_BUILD_GUI the real commands come from export/cmd_export.cpp.
#ifndef PLAB_CLI_HAS_EXPORT
#include "app/cli/cli.h"

namespace plab::cli {
namespace {

int not_built(Cli& cli) {
  cli.err << "paretolab-cli: export and report are not built in this build (configure with -DPLAB_BUILD_GUI=ON; "
             "they draw with the Qt widgets)\n";
  return kBadInput;
}

const CommandRegistrar reg_export({"export", "export RUN --plot KIND --out FILE", "(not built: needs PLAB_BUILD_GUI)",
                                   not_built});
const CommandRegistrar reg_report({"report", "report RUN... --out FILE", "(not built: needs PLAB_BUILD_GUI)", not_built});

}  // namespace
}  // namespace plab::cli
#endif
