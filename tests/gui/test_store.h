#pragma once
// A store with known runs for the widget tests: points on a known front, a trace with a spike.

#include <QTemporaryDir>
#include <cmath>
#include <filesystem>

#include "core/store/store.h"

namespace plab::test {

/// A run's identity for tests that write their own runs.
inline store::NewRun new_run(const std::string& module) {
  store::NewRun nr;
  nr.module = module;
  nr.module_version = "1.2.3";
  nr.target = "simulated:test";
  return nr;
}

/// Writes one completed run: `n` points (x = i, y = (n-1-i)^2 / n, every 4th point dominated by
/// adding 5 to y, every 7th infeasible), metrics, and a trace "power" of `samples` samples with a
/// single spike of 1000 at the middle. Returns the run id.
inline std::int64_t write_run(const std::filesystem::path& db, int n, std::int64_t samples = 10000,
                              const std::string& module = "test-counter", double rate = 1.5) {
  auto store = store::Store::open(db);
  store::NewRun nr = new_run(module);
  nr.seed = 42;
  nr.params = {{"steps", n}, {"rate", rate}};
  nr.environment = {{"core_version", "0.1.0"}, {"host", "test"}, {"origin", "test"}};
  auto w = store->start_run(nr);
  for (int i = 0; i < n; ++i) {
    Point p;
    p.config = {{"i", i}, {"rate", rate}};
    const double y = std::pow(n - 1 - i, 2) / n + (i % 4 == 3 ? 5.0 : 0.0);
    p.metrics = {{"cost", static_cast<double>(i)}, {"loss", y}};
    p.feasible = i % 7 != 6;
    w->point(p);
  }
  w->declare_series("power", "W");
  std::vector<double> t, v;
  const std::int64_t chunk = 100000;
  for (std::int64_t s = 0; s < samples; s += chunk) {
    t.clear();
    v.clear();
    for (std::int64_t k = s; k < std::min(samples, s + chunk); ++k) {
      t.push_back(static_cast<double>(k) * 1e-3);
      v.push_back(k == samples / 2 ? 1000.0 : 10.0 + std::sin(static_cast<double>(k) * 1e-3));
    }
    w->trace("power", t, v);
  }
  w->metric("cost", 1.0);
  w->metric("loss", 2.0);
  w->finish(RunStatus::Completed);
  return w->run_id();
}

}  // namespace plab::test
