// paretolab-cli run | sweep
#include <unistd.h>

#include <iostream>
#include <mutex>
#include <thread>

#include "app/cli/cli.h"
#include "core/experiment/run_engine.h"
#include "core/util/error.h"

namespace plab::cli {
namespace {

nlohmann::json outcome_json(const RunOutcome& o, const PreparedRun& p) {
  return {{"run_id", o.run_id},
          {"status", to_string(o.status)},
          {"module", p.module->info().id},
          {"target", p.target.id},
          {"seed", p.seed},
          {"params", p.params},
          {"metrics", o.metrics},
          {"points", o.points},
          {"seconds", o.seconds},
          {"error", o.error}};
}

int exit_for(const RunOutcome& o) {
  if (o.bad_input) return kBadInput;
  switch (o.status) {
    case RunStatus::Completed: return kOk;
    case RunStatus::Cancelled: return kCancelled;
    default: return kRunFailed;
  }
}

std::optional<std::uint64_t> seed_of(const Cli& cli) {
  auto s = cli.args.value("seed");
  if (s.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    auto v = std::stoull(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw InputError("--seed " + s + ": expected a non-negative integer");
}

/// Prints progress on stderr for humans (one updating line).
class ProgressPrinter final : public RunObserver {
 public:
  explicit ProgressPrinter(std::ostream& err) : err_(err) {}
  void on_progress(std::int64_t id, double f, const std::string& msg) override {
    std::lock_guard lock(mutex_);
    err_ << "\rrun " << id << ": " << static_cast<int>(f * 100) << "% " << msg.substr(0, 60) << "\033[K" << std::flush;
  }
  void on_log(std::int64_t id, LogLevel level, const std::string& msg) override {
    if (level < LogLevel::Warning) return;
    std::lock_guard lock(mutex_);
    err_ << "\rrun " << id << ": " << to_string(level) << ": " << msg << "\033[K\n";
  }
  void on_finished(const RunOutcome&) override {
    std::lock_guard lock(mutex_);
    err_ << "\r\033[K" << std::flush;
  }

 private:
  std::ostream& err_;
  std::mutex mutex_;
};

int cmd_run(Cli& cli) {
  if (cli.args.positional.size() != 1) throw InputError("run: expected one MODULE id");
  auto module = cli.registry().get(cli.args.positional[0]);
  RunRequest req;
  req.module = module->info().id;
  req.params = gather_params(cli, *module);
  req.target = cli.args.value("target");
  req.seed = seed_of(cli);
  RunEngine engine(cli.registry(), cli.db);
  PreparedRun prepared = engine.prepare(req);
  ProgressPrinter printer(cli.err);
  const bool show = !cli.json && !cli.args.flag("quiet") && isatty(2);
  RunOutcome o = engine.run(prepared, cli.cancel, show ? &printer : nullptr);
  if (cli.json) {
    auto j = outcome_json(o, prepared);
    j["db"] = cli.db.string();
    cli.print_json(j);
  } else {
    cli.out << "run " << o.run_id << " " << to_string(o.status) << " in " << fmt(o.seconds) << " s (" << module->info().id
            << " on " << prepared.target.id << ", seed " << prepared.seed << ")\n";
    for (const auto& [k, v] : o.metrics) cli.out << "  " << k << " = " << fmt(v) << "\n";
    if (!o.error.empty()) cli.err << "error: " << o.error << "\n";
    cli.out << "stored in " << cli.db.string() << "\n";
  }
  return exit_for(o);
}

/// "--grid key=v1,v2,v3" -> key and its values (converted by the schema).
std::pair<std::string, std::vector<nlohmann::json>> parse_grid(const std::string& g, const LoadedModule& m) {
  auto eq = g.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == g.size()) throw InputError("--grid " + g + ": expected key=v1,v2,...");
  std::string key = g.substr(0, eq);
  std::vector<nlohmann::json> vals;
  std::string rest = g.substr(eq + 1);
  std::size_t start = 0;
  while (start <= rest.size()) {
    auto comma = rest.find(',', start);
    std::string item = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) throw InputError("--grid " + g + ": empty value");
    vals.push_back(m.schema().parse_text(key, item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return {key, vals};
}

int cmd_sweep(Cli& cli) {
  if (cli.args.positional.size() != 1) throw InputError("sweep: expected one MODULE id");
  auto module = cli.registry().get(cli.args.positional[0]);
  if (cli.args.values("grid").empty()) throw InputError("sweep: expected at least one --grid key=v1,v2,...");
  nlohmann::json base = gather_params(cli, *module);
  std::vector<nlohmann::json> combos{base};
  nlohmann::json grid = nlohmann::json::object();
  for (const auto& g : cli.args.values("grid")) {
    auto [key, vals] = parse_grid(g, *module);
    grid[key] = vals;
    std::vector<nlohmann::json> next;
    for (const auto& c : combos)
      for (const auto& v : vals) {
        auto n = c;
        n[key] = v;
        next.push_back(n);
      }
    combos = std::move(next);
  }
  int jobs = 1;
  if (auto j = cli.args.value("jobs"); !j.empty()) {
    try {
      jobs = std::stoi(j);
    } catch (const std::exception&) {
      jobs = 0;
    }
    if (jobs < 1 || jobs > 256) throw InputError("--jobs " + j + ": expected an integer from 1 to 256");
  }
  RunEngine engine(cli.registry(), cli.db);
  auto seed = seed_of(cli);
  std::vector<PreparedRun> prepared;
  for (const auto& c : combos) {  // validate every point before running any
    RunRequest req{module->info().id, c, cli.args.value("target"), seed, 0, "cli-sweep"};
    prepared.push_back(engine.prepare(req));
  }
  std::int64_t sweep_id = cli.open_store()->create_sweep(module->info().id, grid);
  for (auto& p : prepared) p.sweep_id = sweep_id;
  std::vector<RunOutcome> outcomes(prepared.size());
  std::atomic<std::size_t> next{0};
  std::mutex out_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < prepared.size();) {
      if (cli.cancel && cli.cancel->load()) break;
      outcomes[i] = engine.run(prepared[i], cli.cancel);
      if (!cli.json) {
        std::lock_guard lock(out_mutex);
        cli.out << "run " << outcomes[i].run_id << " " << to_string(outcomes[i].status) << " " << prepared[i].params.dump()
                << "\n";
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min<int>(jobs, static_cast<int>(prepared.size())); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  int code = kOk;
  nlohmann::json runs = nlohmann::json::array();
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    if (outcomes[i].run_id == 0) {
      code = kCancelled;
      continue;
    }
    runs.push_back(outcome_json(outcomes[i], prepared[i]));
    if (outcomes[i].status == RunStatus::Cancelled) code = kCancelled;
    else if (outcomes[i].status != RunStatus::Completed && code == kOk) code = exit_for(outcomes[i]);
  }
  if (cli.json) cli.print_json({{"sweep_id", sweep_id}, {"runs", runs}, {"db", cli.db.string()}});
  else cli.out << "sweep " << sweep_id << ": " << runs.size() << " of " << prepared.size() << " runs stored in " << cli.db.string() << "\n";
  return code;
}

const CommandRegistrar reg_run({"run",
                                "run MODULE [--config F.json] [--set key=value]... [--target T] [--seed N] [--json]",
                                "run a module once and store the run", cmd_run});
const CommandRegistrar reg_sweep({"sweep", "sweep MODULE --grid key=v1,v2... [--set k=v]... [--jobs N] [--json]",
                                  "a parameter sweep, one stored run per grid point", cmd_sweep});

}  // namespace
}  // namespace plab::cli
