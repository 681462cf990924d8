#pragma once
// The run engine: validates a run request, resolves its target, runs the module with a context
// that commits everything to the store as it comes, and records how the run ended. The same
// engine serves the CLI, the GUI (in a background thread) and the tests.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/experiment/plugin_loader.h"
#include "core/hw/target.h"

namespace plab {

/// What a caller asks for. params are raw user values (validated by prepare()).
struct RunRequest {
  std::string module;
  nlohmann::json params = nlohmann::json::object();
  std::string target;  // empty: the module's first concrete target (or "local")
  std::optional<std::uint64_t> seed;
  std::int64_t sweep_id = 0;
  std::string origin = "cli";  // who started it: "cli", "gui", "test" (stored in the environment)
};

/// A request that passed validation: parameters with defaults, resolved target, fixed seed.
struct PreparedRun {
  std::shared_ptr<LoadedModule> module;
  nlohmann::json params;
  hw::TargetInfo target;
  std::uint64_t seed = 0;
  std::int64_t sweep_id = 0;
  std::string origin;
};

/// How a run ended.
struct RunOutcome {
  std::int64_t run_id = 0;
  RunStatus status = RunStatus::Failed;
  bool bad_input = false;  // failed because the module refused its input (an InputError)
  std::string error;
  std::map<std::string, double> metrics;
  std::int64_t points = 0;
  double seconds = 0;
};

/// Receives a run's reports as they happen (for live views). Called on the run's thread(s);
/// implementations must be thread-safe and quick. Default implementations ignore everything.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_started(std::int64_t /*run_id*/) {}
  virtual void on_progress(std::int64_t /*run_id*/, double /*fraction*/, const std::string& /*message*/) {}
  virtual void on_log(std::int64_t /*run_id*/, LogLevel /*level*/, const std::string& /*message*/) {}
  virtual void on_point(std::int64_t /*run_id*/, const Point& /*p*/) {}
  virtual void on_metric(std::int64_t /*run_id*/, const std::string& /*name*/, double /*value*/) {}
  virtual void on_finished(const RunOutcome& /*outcome*/) {}
};

/// Turns a target spec into a TargetInfo (loading device models, probing the machine).
using TargetResolver = std::function<hw::TargetInfo(const std::string& spec)>;
/// The default resolver: simulated devices from the data folders, "local" from a probe of "/".
TargetResolver default_target_resolver();

class RunEngine {
 public:
  RunEngine(const PluginRegistry& registry, std::filesystem::path db_file, TargetResolver resolver = {});

  /// Validates module id, parameters and target; throws InputError naming what is wrong.
  PreparedRun prepare(const RunRequest& request) const;
  /// Runs in the calling thread until the module returns or `cancel` becomes true.
  RunOutcome run(const PreparedRun& run, const std::atomic<bool>* cancel = nullptr,
                 RunObserver* observer = nullptr) const;

  const std::filesystem::path& db_file() const { return db_file_; }

 private:
  const PluginRegistry& registry_;
  std::filesystem::path db_file_;
  TargetResolver resolver_;
};

/// A run executing on its own thread. Destroying the handle cancels and joins.
class BackgroundRun {
 public:
  BackgroundRun(const RunEngine& engine, PreparedRun run, RunObserver* observer = nullptr);
  ~BackgroundRun();
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  void cancel() { cancel_ = true; }
  bool done() const { return done_; }
  /// Blocks until the run ends.
  RunOutcome wait();

 private:
  std::atomic<bool> cancel_{false};
  std::atomic<bool> done_{false};
  RunOutcome outcome_;
  std::thread thread_;
};

}  // namespace plab
