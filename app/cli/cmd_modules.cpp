// paretolab-cli modules | describe | targets
#include <filesystem>
#include <iostream>

#include "app/cli/cli.h"
#include "core/experiment/schema.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace plab::cli {
namespace {

nlohmann::json failures_json(const PluginRegistry& reg) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : reg.failures()) arr.push_back({{"file", f.file.string()}, {"reason", f.reason}});
  return arr;
}

int cmd_modules(Cli& cli) {
  const auto& reg = cli.registry();
  if (cli.json) {
    nlohmann::json mods = nlohmann::json::array();
    for (const auto& m : reg.modules())
      mods.push_back({{"id", m->info().id},
                      {"name", m->info().name},
                      {"version", m->info().version},
                      {"summary", m->info().summary},
                      {"paper", m->info().paper.title},
                      {"file", m->file().string()}});
    nlohmann::json searched = nlohmann::json::array();
    for (const auto& d : reg.searched()) searched.push_back(d.string());
    cli.print_json({{"modules", mods}, {"failed", failures_json(reg)}, {"searched", searched}});
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : reg.modules()) rows.push_back({m->info().id, m->info().version, m->info().summary});
  print_table(cli.out, {"MODULE", "VERSION", "SUMMARY"}, rows);
  for (const auto& f : reg.failures())
    cli.err << "warning: plugin " << f.file.string() << " skipped: " << f.reason << "\n";
  if (reg.modules().empty()) cli.err << "no modules found; searched the plugin path (see --help)\n";
  return kOk;
}

int cmd_describe(Cli& cli) {
  if (cli.args.positional.size() != 1) throw InputError("describe: expected one MODULE id");
  auto m = cli.registry().get(cli.args.positional[0]);
  if (cli.json) {
    auto j = to_json(m->info());
    j["file"] = m->file().string();
    cli.print_json(j);
    return kOk;
  }
  const auto& info = m->info();
  cli.out << info.name << " (" << info.id << " " << info.version << ")\n" << info.summary << "\n";
  if (!info.paper.title.empty())
    cli.out << "Paper: " << info.paper.title << ", " << info.paper.authors << ", " << info.paper.venue << " "
            << info.paper.url << "\n";
  cli.out << "\nParameters:\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : m->schema().properties()) {
    std::string range;
    if (p.minimum) range += ">= " + fmt(*p.minimum);
    if (p.maximum) range += (range.empty() ? "" : ", ") + std::string("<= ") + fmt(*p.maximum);
    if (!p.enum_values.empty()) {
      for (const auto& e : p.enum_values) range += (range.empty() ? "" : "|") + (e.is_string() ? e.get<std::string>() : e.dump());
    }
    rows.push_back({p.name, p.type, p.default_value.is_null() ? "(required)" : p.default_value.dump(), p.unit, range,
                    p.description});
  }
  print_table(cli.out, {"NAME", "TYPE", "DEFAULT", "UNIT", "ALLOWED", "DESCRIPTION"}, rows);
  cli.out << "\nMetrics:\n";
  rows.clear();
  for (const auto& mt : info.metrics) rows.push_back({mt.name, mt.unit, to_string(mt.direction), mt.description});
  print_table(cli.out, {"NAME", "UNIT", "BETTER", "DESCRIPTION"}, rows);
  cli.out << "\nTargets:";
  for (const auto& t : info.targets) cli.out << " " << t;
  cli.out << "\n";
  return kOk;
}

const CommandRegistrar reg_modules({"modules", "modules [--json]", "list the modules found (and plugins that failed to load)", cmd_modules});
const CommandRegistrar reg_describe({"describe", "describe MODULE [--json]", "a module's parameter schema, metrics and targets", cmd_describe});

}  // namespace
}  // namespace plab::cli
