// paretolab-cli runs | show
#include <iostream>

#include "app/cli/cli.h"
#include "core/util/error.h"

namespace plab::cli {
namespace {

nlohmann::json run_json(const store::RunRecord& r) {
  return {{"run_id", r.id},         {"module", r.module},   {"module_version", r.module_version},
          {"target", r.target},     {"seed", r.seed},       {"status", to_string(r.status)},
          {"params", r.params},     {"created", r.created}, {"started", r.started},
          {"ended", r.ended},       {"host", r.host},       {"error", r.error},
          {"progress", r.progress}, {"message", r.message}, {"tags", r.tags},
          {"notes", r.notes},       {"sweep_id", r.sweep_id}, {"environment", r.environment}};
}

std::int64_t run_id_arg(const Cli& cli) {
  if (cli.args.positional.size() != 1) throw InputError("show: expected one RUN id");
  const std::string& s = cli.args.positional[0];
  try {
    std::size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used == s.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw InputError("RUN '" + s + "': expected a run id (a positive integer)");
}

int cmd_runs(Cli& cli) {
  auto store = cli.open_store();
  store::RunFilter f;
  f.module = cli.args.value("module");
  f.status = cli.args.value("status");
  if (!f.status.empty()) run_status_from_string(f.status);  // validates
  f.text = cli.args.value("text");
  if (auto l = cli.args.value("limit"); !l.empty()) f.limit = std::stoi(l);
  if (auto s = cli.args.value("sweep"); !s.empty()) f.sweep_id = std::stoll(s);
  auto runs = store->list_runs(f);
  std::vector<std::int64_t> ids;
  for (const auto& r : runs) ids.push_back(r.id);
  auto metrics = store->metrics_for(ids);
  if (cli.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : runs) {
      auto j = run_json(r);
      j["metrics"] = metrics[r.id];
      arr.push_back(j);
    }
    cli.print_json({{"runs", arr}, {"db", cli.db.string()}});
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : runs) {
    std::string m;
    for (const auto& [k, v] : metrics[r.id]) {
      if (m.size() > 60) break;
      m += (m.empty() ? "" : " ") + k + "=" + fmt(v);
    }
    rows.push_back({std::to_string(r.id), r.module, r.target, to_string(r.status), fmt_time(r.started), m});
  }
  print_table(cli.out, {"RUN", "MODULE", "TARGET", "STATUS", "STARTED", "METRICS"}, rows);
  return kOk;
}

int cmd_show(Cli& cli) {
  const auto id = run_id_arg(cli);
  auto store = cli.open_store();
  auto r = store->run(id);
  if (!r) throw InputError("RUN " + std::to_string(id) + ": no such run in " + cli.db.string());
  auto metrics = store->metrics(id);
  auto points = store->points(id);
  auto series = store->series(id);
  auto logs = store->logs(id);
  auto errors = store->errors(id);
  auto artifacts = store->artifacts(id);
  if (cli.json) {
    auto j = run_json(*r);
    nlohmann::json m = nlohmann::json::object();
    for (const auto& x : metrics) m[x.name] = x.value;
    j["metrics"] = m;
    j["point_count"] = points.size();
    if (cli.args.flag("points")) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& p : points)
        arr.push_back({{"seq", p.seq}, {"t", p.t}, {"config", p.point.config}, {"metrics", p.point.metrics},
                       {"feasible", p.point.feasible}, {"label", p.point.label}});
      j["points"] = arr;
    }
    nlohmann::json s = nlohmann::json::array();
    for (const auto& x : series)
      s.push_back({{"name", x.name}, {"unit", x.unit}, {"x_axis", x.x_axis.empty() ? "time (s)" : x.x_axis},
                   {"count", x.count}, {"t_min", x.t_min}, {"t_max", x.t_max}, {"v_min", x.v_min}, {"v_max", x.v_max}});
    j["series"] = s;
    nlohmann::json l = nlohmann::json::array();
    for (const auto& x : logs) l.push_back({{"t", x.t}, {"level", to_string(x.level)}, {"message", x.message}});
    j["logs"] = l;
    nlohmann::json e = nlohmann::json::array();
    for (const auto& x : errors) e.push_back({{"t", x.t}, {"source", x.source}, {"message", x.message}});
    j["errors"] = e;
    nlohmann::json a = nlohmann::json::array();
    for (const auto& x : artifacts) a.push_back({{"id", x.id}, {"name", x.name}, {"mime", x.mime}, {"size", x.size}});
    j["artifacts"] = a;
    cli.print_json(j);
    return kOk;
  }
  cli.out << "run " << r->id << ": " << r->module << " " << r->module_version << " on " << r->target << ", seed "
          << r->seed << ", " << to_string(r->status) << "\n";
  cli.out << "started " << fmt_time(r->started) << ", ended " << fmt_time(r->ended) << ", host " << r->host << "\n";
  if (!r->error.empty()) cli.out << "error: " << r->error << "\n";
  cli.out << "\nparameters:\n";
  for (const auto& [k, v] : r->params.items()) cli.out << "  " << k << " = " << v.dump() << "\n";
  cli.out << "\nmetrics:\n";
  for (const auto& x : metrics) cli.out << "  " << x.name << " = " << fmt(x.value) << "\n";
  std::size_t feasible = 0;
  for (const auto& p : points) feasible += p.point.feasible;
  cli.out << "\npoints: " << points.size() << " (" << feasible << " feasible)\n";
  if (cli.args.flag("points"))
    for (const auto& p : points) cli.out << "  " << p.seq << " " << p.point.config.dump() << " -> " << nlohmann::json(p.point.metrics).dump() << (p.point.feasible ? "" : " infeasible") << "\n";
  cli.out << "\ntrace series:\n";
  for (const auto& x : series)
    cli.out << "  " << x.name << " [" << x.unit << "]: " << x.count << " samples, "
            << (x.x_axis.empty() ? "time (s)" : x.x_axis) << " " << fmt(x.t_min) << ".." << fmt(x.t_max)
            << ", value " << fmt(x.v_min) << ".." << fmt(x.v_max) << "\n";
  if (!artifacts.empty()) {
    cli.out << "\nartifacts:\n";
    for (const auto& x : artifacts) cli.out << "  " << x.name << " (" << x.mime << ", " << x.size << " bytes)\n";
  }
  if (!errors.empty()) {
    cli.out << "\nerrors:\n";
    for (const auto& x : errors) cli.out << "  " << x.source << ": " << x.message << "\n";
  }
  const std::size_t tail = cli.args.flag("logs") ? logs.size() : std::min<std::size_t>(logs.size(), 10);
  if (tail) {
    cli.out << "\nlog (last " << tail << "):\n";
    for (std::size_t i = logs.size() - tail; i < logs.size(); ++i)
      cli.out << "  " << to_string(logs[i].level) << ": " << logs[i].message << "\n";
  }
  return kOk;
}

const CommandRegistrar reg_runs({"runs", "runs [--module M] [--status S] [--text T] [--sweep ID] [--limit N] [--json]",
                                 "list stored runs, newest first", cmd_runs});
const CommandRegistrar reg_show({"show", "show RUN [--points] [--logs] [--json]",
                                 "one run: parameters, metrics, points, trace series, log", cmd_show});

}  // namespace
}  // namespace plab::cli
