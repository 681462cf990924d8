#pragma once
// Profiles this machine the way the SC'22 study profiled clusters: the same kernels on every
// processor of the machine (each CPU core by affinity; each NVIDIA GPU when a CUDA kernel was
// built and a driver is present), many repetitions interleaved across devices so that slow drift
// (temperature, background load) hits all alike, after warm-up runs. Devices run one at a time.
// During each run the sensors are sampled: clock, temperature and power where the machine
// exposes them; what it lacks is listed, never invented.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

/// What to run and how. Sizes default to a few milliseconds per run on a current core.
struct LocalOptions {
  std::vector<std::string> applications = {"gemm", "triad", "pagerank", "sgemm-gpu"};
  int repetitions = 5;
  int warmup = 1;
  int gemm_n = 256;
  int triad_mib = 16;
  int pagerank_nodes = 1 << 15;
  int pagerank_degree = 8;
  int pagerank_iterations = 5;
  int gpu_sgemm_n = 4096;
  int gpu_kernels = 10;  // kernels per GPU run (the paper: 100 SGEMM kernels per run)
  double sample_interval_ms = 10;
  std::vector<int> cpus;  // logical CPUs to profile; empty = all this process may use
  bool use_gpus = true;
  std::filesystem::path sysfs_root = "/";
  std::string nvml_library;  // "" = libnvidia-ml.so.1
  std::uint64_t seed = 1;
};

/// One sensor sample for a trace: series "<device>/<sensor>", t in seconds since profiling began.
struct TraceSample {
  std::string series;
  double t = 0;
  double value = 0;
};

/// What profiling produced besides the measurements.
struct LocalResult {
  Dataset data;
  std::vector<TraceSample> samples;
  std::vector<std::string> found;    // sensors in use, one line each
  std::vector<std::string> missing;  // sensors (and GPU paths) not available, with the reason
  bool cpu_frequency = false, cpu_temperature = false, cpu_power = false;
  int gpus = 0;  // GPUs profiled
};

using ProgressFn = std::function<void(double fraction, const std::string& message)>;
using CancelledFn = std::function<bool()>;

/// Runs the campaign. Throws InputError for unknown applications or CPUs this process may not
/// use, Cancelled when `cancelled` turns true between runs, RunError when a kernel fails.
LocalResult profile_local(const LocalOptions& options, const ProgressFn& progress,
                          const CancelledFn& cancelled);

}  // namespace plab::variability
