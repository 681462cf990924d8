// paretolab-cli targets: the simulated devices of the catalogue, and what "local" can really
// measure and change on this machine (from the local probes, nothing assumed).
#include <iomanip>

#include "app/cli/cli.h"
#include "core/hw/device_catalog.h"
#include "core/hw/local_probe.h"

namespace plab::cli {
namespace {

nlohmann::json simulated_json(const hw::DeviceCatalog& catalog) {
  nlohmann::json devices = nlohmann::json::array();
  for (const auto& d : catalog.devices()) {
    nlohmann::json knobs = nlohmann::json::array();
    for (const auto& k : d.knobs) knobs.push_back({{"name", k.name}, {"unit", k.unit}, {"levels", k.levels.size()}});
    devices.push_back({{"target", "simulated:" + d.id}, {"name", d.name}, {"class", d.device_class},
                       {"file", d.file.string()}, {"knobs", knobs}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : catalog.problems()) problems.push_back({{"file", p.file.string()}, {"reason", p.reason}});
  return {{"dir", catalog.dir().string()}, {"devices", devices}, {"problems", problems}};
}

void print_capabilities(std::ostream& out, const char* title, const std::vector<hw::Capability>& caps) {
  out << "  " << title << ":\n";
  for (const auto& c : caps) {
    out << "    " << (c.available ? "[yes] " : "[no]  ") << std::left << std::setw(28) << c.name;
    if (c.available) {
      if (c.value) out << *c.value << ' ' << c.unit;
      else if (!c.current.is_null()) out << "now " << c.current.dump() << ' ' << c.unit;
      if (!c.source.empty()) out << "  (" << c.source << ')';
    } else {
      out << c.reason;
    }
    out << '\n';
  }
}

int cmd_targets(Cli& cli) {
  const auto catalog = hw::DeviceCatalog::load_default();
  const auto report = hw::LocalProbe{}.run();
  if (cli.json) {
    cli.print_json({{"simulated", simulated_json(catalog)}, {"local", report.to_json()}});
    return kOk;
  }
  cli.out << "Simulated devices (models calibrated from published measurements; " << catalog.dir().string()
          << "):\n";
  for (const auto& d : catalog.devices()) {
    cli.out << "  simulated:" << std::left << std::setw(24) << d.id << d.name << "  knobs:";
    for (const auto& k : d.knobs) cli.out << ' ' << k.name << '(' << k.levels.size() << ')';
    cli.out << '\n';
  }
  for (const auto& p : catalog.problems()) cli.out << "  not loaded: " << p.reason << '\n';
  cli.out << "\nlocal (this machine, probed now):\n";
  print_capabilities(cli.out, "sensors", report.sensors);
  print_capabilities(cli.out, "knobs", report.knobs);
  return kOk;
}

const CommandRegistrar reg_targets({"targets", "targets [--json]",
                                    "simulated devices, and what 'local' can measure and change here",
                                    cmd_targets});

}  // namespace
}  // namespace plab::cli
