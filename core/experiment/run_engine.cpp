#include "core/experiment/run_engine.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "core/build_config.h"
#include "core/experiment/store_context.h"
#include "core/store/store.h"
#include "core/util/error.h"

namespace plab {
namespace fs = std::filesystem;

RunEngine::RunEngine(const PluginRegistry& registry, fs::path db_file, TargetResolver resolver)
    : registry_(registry), db_file_(std::move(db_file)), resolver_(resolver ? std::move(resolver) : default_target_resolver()) {}

PreparedRun RunEngine::prepare(const RunRequest& request) const {
  PreparedRun out;
  out.module = registry_.get(request.module);
  const ModuleInfo& info = out.module->info();
  out.params = out.module->schema().apply(request.params, info.id + " parameters");
  std::string spec = request.target;
  if (spec.empty()) {
    for (const auto& pattern : info.targets)
      if (pattern.find('*') == std::string::npos) {
        spec = pattern;
        break;
      }
    if (spec.empty()) {
      std::string list;
      for (const auto& p : info.targets) list += (list.empty() ? "" : ", ") + p;
      throw InputError("--target: module '" + info.id + "' needs a target (one of: " + list + ")");
    }
  }
  if (!out.module->supports_target(spec)) {
    std::string list;
    for (const auto& p : info.targets) list += (list.empty() ? "" : ", ") + p;
    throw InputError("--target " + spec + ": module '" + info.id + "' supports only: " + list);
  }
  out.target = resolver_(spec);
  out.seed = request.seed ? *request.seed : std::random_device{}();
  out.sweep_id = request.sweep_id;
  out.origin = request.origin;
  return out;
}

namespace {

nlohmann::json environment(const PreparedRun& run) {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  struct utsname u {};
  uname(&u);
  return {{"core_version", build::kVersion},
          {"module_version", run.module->info().version},
          {"plugin_file", run.module->file().string()},
          {"host", host},
          {"os", std::string(u.sysname) + " " + u.release + " " + u.machine},
          {"compiler", __VERSION__},
          {"origin", run.origin},
          {"target_simulated", run.target.simulated}};
}

fs::path make_scratch(std::int64_t run_id) {
  fs::path base = fs::temp_directory_path() / ("paretolab-run-" + std::to_string(run_id) + "-" +
                                               std::to_string(::getpid()));
  fs::create_directories(base);
  return base;
}

}  // namespace

RunOutcome RunEngine::run(const PreparedRun& prepared, const std::atomic<bool>* cancel, RunObserver* observer) const {
  auto store = store::Store::open(db_file_);
  store::NewRun nr;
  nr.module = prepared.module->info().id;
  nr.module_version = prepared.module->info().version;
  nr.target = prepared.target.id;
  nr.seed = prepared.seed;
  nr.params = prepared.params;
  nr.sweep_id = prepared.sweep_id;
  nr.environment = environment(prepared);
  auto writer = store->start_run(nr);
  RunOutcome outcome;
  outcome.run_id = writer->run_id();
  if (observer) observer->on_started(outcome.run_id);
  const auto t0 = std::chrono::steady_clock::now();
  fs::path scratch;
  PluginStatus status;
  std::unique_ptr<StoreRunContext> ctx;
  try {
    scratch = make_scratch(outcome.run_id);
    ctx = std::make_unique<StoreRunContext>(prepared, *writer, scratch, cancel, observer);
    status = prepared.module->run(*ctx);
  } catch (const std::exception& e) {  // the engine's own failures (scratch folder, store)
    status = {PluginCode::Error, e.what()};
  }
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (status.ok() && cancel && cancel->load()) status = {PluginCode::Cancelled, "cancelled"};
  switch (status.code) {
    case PluginCode::Ok: outcome.status = RunStatus::Completed; break;
    case PluginCode::Cancelled: outcome.status = RunStatus::Cancelled; break;
    case PluginCode::Error: outcome.status = RunStatus::Failed; break;
    case PluginCode::BadInput:
      outcome.status = RunStatus::Failed;
      outcome.bad_input = true;
      break;
  }
  if (status.code == PluginCode::Error || status.code == PluginCode::BadInput) {
    outcome.error = status.message;
    try {
      writer->error(prepared.module->info().id, status.message);
    } catch (const std::exception&) {
    }
  }
  writer->finish(outcome.status, outcome.error);
  if (ctx) {
    outcome.metrics = ctx->metrics();
    outcome.points = ctx->points();
  }
  std::error_code ec;
  if (!scratch.empty()) fs::remove_all(scratch, ec);
  if (observer) observer->on_finished(outcome);
  return outcome;
}

BackgroundRun::BackgroundRun(const RunEngine& engine, PreparedRun run, RunObserver* observer) {
  thread_ = std::thread([this, &engine, run = std::move(run), observer] {
    try {
      outcome_ = engine.run(run, &cancel_, observer);
    } catch (const std::exception& e) {
      outcome_.status = RunStatus::Failed;
      outcome_.error = e.what();
      if (observer) observer->on_finished(outcome_);
    }
    done_ = true;
  });
}

BackgroundRun::~BackgroundRun() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

RunOutcome BackgroundRun::wait() {
  if (thread_.joinable()) thread_.join();
  return outcome_;
}

}  // namespace plab
