#pragma once
// The RunContext the engine gives a module: every report goes to a store::RunWriter (committed as
// it comes) and to an optional RunObserver (live views).

#include <atomic>
#include <mutex>

#include "core/experiment/run_context.h"
#include "core/experiment/run_engine.h"
#include "core/store/store.h"

namespace plab {

/// A RunContext backed by the store. Thread-safe, as RunContext requires.
class StoreRunContext final : public RunContext {
 public:
  StoreRunContext(const PreparedRun& run, store::RunWriter& writer, std::filesystem::path scratch,
                  const std::atomic<bool>* cancel, RunObserver* observer);

  const nlohmann::json& params() const override { return params_; }
  const hw::TargetInfo& target() const override { return target_; }
  std::uint64_t seed() const override { return seed_; }
  std::mt19937_64& rng() override { return rng_; }
  const std::filesystem::path& scratch_dir() const override { return scratch_; }

  void progress(double fraction, std::string_view message) override;
  void log(LogLevel level, std::string_view message) override;
  void declare_series(std::string_view series, std::string_view unit, std::string_view x_axis) override;
  void trace(std::string_view series, double t, double value) override;
  void trace(std::string_view series, std::span<const double> t, std::span<const double> v) override;
  void point(const Point& p) override;
  void metric(std::string_view name, double value) override;
  void artifact(std::string_view name, const std::filesystem::path& file, std::string_view mime) override;
  bool cancelled() const override { return cancel_ && cancel_->load(); }

  std::map<std::string, double> metrics() const;
  std::int64_t points() const { return points_; }

 private:
  nlohmann::json params_;
  hw::TargetInfo target_;
  std::uint64_t seed_;
  std::mt19937_64 rng_;
  std::filesystem::path scratch_;
  store::RunWriter& writer_;
  const std::atomic<bool>* cancel_;
  RunObserver* observer_;
  mutable std::mutex mutex_;
  std::map<std::string, double> metrics_;
  std::atomic<std::int64_t> points_{0};
};

}  // namespace plab
