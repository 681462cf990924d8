#pragma once
// An in-memory RunContext for the module's tests: records everything the module reports.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/experiment/module.h"

namespace plab::variability::testing {

/// Parameters with every schema default filled in, then `overrides` applied.
inline nlohmann::json default_params(const ModuleInfo& info,
                                     const nlohmann::json& overrides = nlohmann::json::object()) {
  nlohmann::json p = nlohmann::json::object();
  for (auto it = info.params["properties"].begin(); it != info.params["properties"].end(); ++it)
    p[it.key()] = it.value()["default"];
  for (auto it = overrides.begin(); it != overrides.end(); ++it) p[it.key()] = it.value();
  return p;
}

class RecordingContext final : public RunContext {
 public:
  RecordingContext(nlohmann::json params, hw::TargetInfo target, std::uint64_t seed = 7)
      : params_(std::move(params)), target_(std::move(target)), seed_(seed), rng_(seed) {
    scratch_ = std::filesystem::temp_directory_path() /
               ("plab-variability-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(scratch_);
  }
  ~RecordingContext() override {
    std::error_code ec;
    std::filesystem::remove_all(scratch_, ec);
  }

  const nlohmann::json& params() const override { return params_; }
  const hw::TargetInfo& target() const override { return target_; }
  std::uint64_t seed() const override { return seed_; }
  std::mt19937_64& rng() override { return rng_; }
  const std::filesystem::path& scratch_dir() const override { return scratch_; }
  void progress(double f, std::string_view) override {
    std::lock_guard l(m_);
    last_progress = f;
  }
  void log(LogLevel level, std::string_view message) override {
    std::lock_guard l(m_);
    logs.push_back({level, std::string(message)});
  }
  void declare_series(std::string_view s, std::string_view unit, std::string_view x_axis) override {
    std::lock_guard l(m_);
    units[std::string(s)] = std::string(unit);
    x_axes[std::string(s)] = std::string(x_axis);
  }
  void trace(std::string_view s, double t, double v) override {
    std::lock_guard l(m_);
    traces[std::string(s)].push_back({t, v});
  }
  void trace(std::string_view s, std::span<const double> t, std::span<const double> v) override {
    for (std::size_t i = 0; i < t.size(); ++i) trace(s, t[i], v[i]);
  }
  void point(const Point& p) override {
    std::lock_guard l(m_);
    points.push_back(p);
  }
  void metric(std::string_view name, double value) override {
    std::lock_guard l(m_);
    metrics[std::string(name)] = value;
  }
  void artifact(std::string_view name, const std::filesystem::path& file, std::string_view mime) override {
    std::lock_guard l(m_);
    std::ifstream in(file);
    artifacts[std::string(name)] = {std::string(mime), std::string(std::istreambuf_iterator<char>(in), {})};
  }
  bool cancelled() const override { return cancel_after_progress && last_progress > 0.0; }

  bool has_log(LogLevel level, const std::string& needle) const {
    for (const auto& [l, m] : logs)
      if (l == level && m.find(needle) != std::string::npos) return true;
    return false;
  }

  std::vector<std::pair<LogLevel, std::string>> logs;
  std::map<std::string, std::string> units;
  std::map<std::string, std::string> x_axes;
  std::map<std::string, std::vector<std::pair<double, double>>> traces;
  std::vector<Point> points;
  std::map<std::string, double> metrics;
  std::map<std::string, std::pair<std::string, std::string>> artifacts;  // name -> (mime, content)
  double last_progress = 0;
  bool cancel_after_progress = false;

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::mutex m_;
  nlohmann::json params_;
  hw::TargetInfo target_;
  std::uint64_t seed_;
  std::mt19937_64 rng_;
  std::filesystem::path scratch_;
};

inline hw::TargetInfo target(const std::string& kind, const std::string& name = "") {
  hw::TargetInfo t;
  t.kind = kind;
  t.name = name;
  t.id = name.empty() ? kind : kind + ":" + name;
  t.simulated = kind == "cluster";
  return t;
}

}  // namespace plab::variability::testing
