#include "core/experiment/store_context.h"

#include <algorithm>

namespace plab {

StoreRunContext::StoreRunContext(const PreparedRun& run, store::RunWriter& writer, std::filesystem::path scratch,
                                 const std::atomic<bool>* cancel, RunObserver* observer)
    : params_(run.params),
      target_(run.target),
      seed_(run.seed),
      rng_(run.seed),
      scratch_(std::move(scratch)),
      writer_(writer),
      cancel_(cancel),
      observer_(observer) {}

void StoreRunContext::progress(double fraction, std::string_view message) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  writer_.progress(fraction, message);
  if (observer_) observer_->on_progress(writer_.run_id(), fraction, std::string(message));
}

void StoreRunContext::log(LogLevel level, std::string_view message) {
  writer_.log(level, message);
  if (observer_) observer_->on_log(writer_.run_id(), level, std::string(message));
}

void StoreRunContext::declare_series(std::string_view series, std::string_view unit, std::string_view x_axis) {
  writer_.declare_series(series, unit, x_axis);
}

void StoreRunContext::trace(std::string_view series, double t, double value) {
  writer_.trace(series, std::span<const double>(&t, 1), std::span<const double>(&value, 1));
}

void StoreRunContext::trace(std::string_view series, std::span<const double> t, std::span<const double> v) {
  writer_.trace(series, t, v);
}

void StoreRunContext::point(const Point& p) {
  writer_.point(p);
  ++points_;
  if (observer_) observer_->on_point(writer_.run_id(), p);
}

void StoreRunContext::metric(std::string_view name, double value) {
  writer_.metric(name, value);
  {
    std::lock_guard lock(mutex_);
    metrics_[std::string(name)] = value;
  }
  if (observer_) observer_->on_metric(writer_.run_id(), std::string(name), value);
}

void StoreRunContext::artifact(std::string_view name, const std::filesystem::path& file, std::string_view mime) {
  writer_.artifact(name, file, mime);
}

std::map<std::string, double> StoreRunContext::metrics() const {
  std::lock_guard lock(mutex_);
  return metrics_;
}

}  // namespace plab
