#pragma once
// Small hand-built throughput tables and traces for the scheduler tests.

#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/job.h"
#include "plugins/cluster-scheduler/src/simulator.h"

namespace plab::cluster::testing {

/// "A (batch size 10)": 10 steps/s (100 samples/s) per GPU; "A (batch size 20)": 8 steps/s
/// (160 samples/s); "B": 1 step/s; on v100 and (half as fast) k80. Linear in the GPU count.
inline ThroughputTable tiny_table() {
  ThroughputTable t;
  for (const auto& [gpu, speed] : std::vector<std::pair<std::string, double>>{{"v100", 1.0}, {"k80", 0.5}}) {
    t.set(gpu, "A (batch size 10)", 1, 10 * speed);
    t.set(gpu, "A (batch size 20)", 1, 8 * speed);
    t.set(gpu, "B", 1, 1 * speed);
  }
  return t;
}

/// A static job of type A (batch size 10) lasting `seconds` alone on one v100 GPU per GPU it uses.
inline JobSpec job_a(int id, double seconds, double arrival = 0, int gpus = 1, Mode mode = Mode::Static) {
  JobSpec s;
  s.id = id;
  s.job_type = "A (batch size 10)";
  s.num_gpus = gpus;
  s.total_steps = 10.0 * seconds * gpus;
  s.arrival = arrival;
  s.mode = mode;
  return s;
}

inline std::vector<JobModel> models(const std::vector<JobSpec>& specs, const ThroughputTable& t,
                                    const ClusterSpec& c, AdaptationParams ap = {}) {
  std::vector<JobModel> out;
  for (const auto& s : specs) out.emplace_back(s, t, c, ap);
  return out;
}

inline ClusterSpec v100(int n, int per_server = 4) { return ClusterSpec::parse("v100:" + std::to_string(n), per_server); }

}  // namespace plab::cluster::testing
