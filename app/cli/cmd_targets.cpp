// paretolab-cli targets
// TODO(hw merge): use core/hw's device catalogue and local probe report.
#include <iostream>

#include "app/cli/cli.h"
#include "core/experiment/schema.h"
#include "core/util/paths.h"

namespace plab::cli {
namespace {

int cmd_targets(Cli& cli) {
  nlohmann::json sims = nlohmann::json::array();
  for (const auto& dir : data_search_path()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir / "devices", ec)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir / "devices", ec))
      if (e.path().extension() == ".json")
        sims.push_back({{"target", "simulated:" + e.path().stem().string()}, {"file", e.path().string()}});
    break;
  }
  if (cli.json) {
    cli.print_json({{"simulated", sims}, {"local", {{"target", "local"}}}});
    return kOk;
  }
  for (const auto& s : sims) cli.out << s["target"].get<std::string>() << "  (" << s["file"].get<std::string>() << ")\n";
  cli.out << "local\n";
  return kOk;
}

const CommandRegistrar reg_targets({"targets", "targets [--json]", "simulated devices, and what 'local' can measure here", cmd_targets});

}  // namespace
}  // namespace plab::cli
