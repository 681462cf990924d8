#pragma once
// What a running module sees of the world: its parameters, target, randomness, scratch folder,
// and the sinks for everything it reports. A module never touches the store, GUI or stdout.

#include <cstdint>
#include <filesystem>
#include <random>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/experiment/types.h"
#include "core/hw/target.h"
#include "core/util/error.h"

namespace plab {

/// The run-time interface between the engine and a module. The engine implements it (writing to
/// the store); tests implement it in memory. All sinks may be called from the module's own worker
/// threads: implementations are thread-safe. Every sink may throw (for example StoreError); the
/// plugin adapter turns that into a failed run.
class RunContext {
 public:
  virtual ~RunContext() = default;

  /// Parameters validated against the module's schema, defaults filled in.
  virtual const nlohmann::json& params() const = 0;
  virtual const hw::TargetInfo& target() const = 0;
  /// The run's seed; rng() is a generator seeded with it. Use rng() from one thread only, or
  /// derive per-thread generators from seed().
  virtual std::uint64_t seed() const = 0;
  virtual std::mt19937_64& rng() = 0;
  /// A folder private to this run, created before run() and kept until the run ends.
  virtual const std::filesystem::path& scratch_dir() const = 0;

  /// fraction in [0, 1]; message says what is happening now.
  virtual void progress(double fraction, std::string_view message) = 0;
  virtual void log(LogLevel level, std::string_view message) = 0;
  /// Declares a trace series' unit, and what its t is when not seconds since the run started
  /// (x_axis, e.g. "evaluation"; empty: time), before or after its first sample. Optional.
  virtual void declare_series(std::string_view series, std::string_view unit, std::string_view x_axis) = 0;
  /// Trace samples of one series; t must not decrease within a series.
  virtual void trace(std::string_view series, double t, double value) = 0;
  virtual void trace(std::string_view series, std::span<const double> t, std::span<const double> v) = 0;
  virtual void point(const Point& p) = 0;
  /// A final metric of the run; reporting the same name twice keeps the last value.
  virtual void metric(std::string_view name, double value) = 0;
  /// A file the run produced (copied into the store; the module may delete it afterwards).
  virtual void artifact(std::string_view name, const std::filesystem::path& file, std::string_view mime) = 0;
  /// True once the user asked the run to stop. Poll it between units of work.
  virtual bool cancelled() const = 0;

  // Conveniences built on the above (non-virtual).
  void throw_if_cancelled() const {
    if (cancelled()) throw Cancelled();
  }
  template <class T>
  T param(const std::string& name) const {
    return params().at(name).get<T>();
  }
  void info(std::string_view message) { log(LogLevel::Info, message); }
  void warn(std::string_view message) { log(LogLevel::Warning, message); }
};

}  // namespace plab
