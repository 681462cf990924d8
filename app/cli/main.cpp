// paretolab-cli: the headless command line (DESIGN.md "The command line").
#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/build_config.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_signal(int) { g_cancel = true; }

void usage(std::ostream& os) {
  os << "usage: paretolab-cli COMMAND [options] [--db FILE] [--json]\n\ncommands:\n";
  for (const auto& c : plab::cli::commands()) os << "  " << c.usage << "\n      " << c.summary << "\n";
  os << "\nCommon options:\n"
        "  --db FILE   the store (default: " << plab::default_db_path().string() << ")\n"
        "  --json      machine-readable output\n"
        "Plugins are searched in $PARETOLAB_PLUGIN_PATH, then the build and installed plugin folders.\n"
        "Exit codes: 0 success, 2 bad usage or input, 3 the run failed, 130 cancelled.\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace plab::cli;
  // The common options may also come before the command (`paretolab-cli --db F run M`): move them
  // to the end, where the command's own parser reads them.
  std::vector<char*> reordered(argv, argv + argc);
  {
    std::vector<char*> common;
    std::size_t i = 1;
    while (i < reordered.size()) {
      const std::string a = reordered[i];
      if (a == "--json") {
        common.push_back(reordered[i]);
        i += 1;
      } else if (a == "--db" && i + 1 < reordered.size()) {
        common.push_back(reordered[i]);
        common.push_back(reordered[i + 1]);
        i += 2;
      } else {
        break;
      }
    }
    if (!common.empty() && i < reordered.size()) {
      std::vector<char*> out{reordered[0], reordered[i]};
      out.insert(out.end(), reordered.begin() + static_cast<std::ptrdiff_t>(i) + 1, reordered.end());
      out.insert(out.end(), common.begin(), common.end());
      reordered = std::move(out);
    }
  }
  argc = static_cast<int>(reordered.size());
  argv = reordered.data();
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? kBadInput : kOk;
  }
  if (std::string(argv[1]) == "--version") {
    std::cout << "paretolab-cli " << plab::build::kVersion << "\n";
    return kOk;
  }
  const std::string name = argv[1];
  const Command* command = nullptr;
  for (const auto& c : commands())
    if (c.name == name) command = &c;
  if (!command) {
    std::cerr << "paretolab-cli: unknown command '" << name << "'\n";
    usage(std::cerr);
    return kBadInput;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Cli cli(std::cout, std::cerr, &g_cancel);
  try {
    cli.args = parse_args(argc, argv, 2);
    if (cli.args.flag("help")) {
      std::cout << "usage: paretolab-cli " << command->usage << "\n" << command->summary << "\n";
      return kOk;
    }
    cli.json = cli.args.flag("json");
    cli.db = cli.args.value("db", plab::default_db_path().string());
    if (!cli.args.flag("db")) {  // the default folder may not exist yet on a fresh account
      std::error_code ec;
      std::filesystem::create_directories(cli.db.parent_path(), ec);
    }
    return command->run(cli);
  } catch (const plab::InputError& e) {
    std::cerr << "paretolab-cli " << name << ": " << e.what() << "\n";
    return kBadInput;
  } catch (const plab::StoreError& e) {
    std::cerr << "paretolab-cli " << name << ": store: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "paretolab-cli " << name << ": " << e.what() << "\n";
    return kGeneric;
  }
}
