#include "app/cli/cli.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "core/experiment/schema.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace plab::cli {

namespace {
const std::set<std::string> kFlags = {"json", "help", "points", "logs", "all", "quiet"};
const std::vector<std::string> kEmpty;
}  // namespace

std::string Args::value(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return (it == options.end() || it->second.empty()) ? fallback : it->second.back();
}

const std::vector<std::string>& Args::values(const std::string& name) const {
  auto it = options.find(name);
  return it == options.end() ? kEmpty : it->second;
}

Args parse_args(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--") {
      for (++i; i < argc; ++i) a.positional.emplace_back(argv[i]);
      break;
    }
    if (s.rfind("--", 0) == 0 && s.size() > 2) {
      std::string name = s.substr(2), val;
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        val = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (kFlags.count(name)) {
        a.options[name].push_back("true");
        continue;
      } else {
        if (i + 1 >= argc) throw InputError("option --" + name + ": expected a value after it");
        val = argv[++i];
      }
      a.options[name].push_back(val);
    } else if (s == "-h") {
      a.options["help"].push_back("true");
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

const PluginRegistry& Cli::registry() {
  if (!registry_) {
    registry_ = std::make_unique<PluginRegistry>();
    registry_->load_from(plugin_search_path());
  }
  return *registry_;
}

std::unique_ptr<store::Store> Cli::open_store() const {
  return store::Store::open(db);
}

void Cli::print_json(const nlohmann::json& j) const { out << j.dump(2) << "\n"; }

std::vector<Command>& commands() {
  static std::vector<Command> list;
  return list;
}

nlohmann::json gather_params(Cli& cli, const LoadedModule& module) {
  nlohmann::json params = nlohmann::json::object();
  if (auto config = cli.args.value("config"); !config.empty()) {
    params = read_json_file(config);
    if (!params.is_object()) throw InputError(config + ": expected a JSON object of parameter: value");
    // Check the file's own values now, so the error names the file.
    auto errors = module.schema().validate(params);
    if (!errors.empty()) {
      std::string msg;
      for (const auto& e : errors) msg += (msg.empty() ? "" : "\n") + config + ": " + e.message;
      throw InputError(msg);
    }
  }
  for (const auto& kv : cli.args.values("set")) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--set " + kv + ": expected key=value");
    const std::string key = kv.substr(0, eq);
    params[key] = module.schema().parse_text(key, kv.substr(eq + 1));
  }
  return params;
}

std::string fmt(double v) {
  std::ostringstream os;
  os << std::setprecision(6) << v;
  return os.str();
}

std::string fmt_time(double unix_seconds) {
  if (unix_seconds <= 0) return "-";
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size() && c < width.size(); ++c) width[c] = std::max(width[c], r[c].size());
  auto line = [&](const std::vector<std::string>& r) {
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string cell = c < r.size() ? r[c] : "";
      out << cell;
      if (c + 1 < width.size()) out << std::string(width[c] - cell.size() + 2, ' ');
    }
    out << "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
}

}  // namespace plab::cli
