#pragma once
// Runs a YCSB workload against a backend: load phase, warm-up, measured phase with N threads;
// measures throughput over time, latency quantiles per operation, and read/write amplification
// (bytes the store moved to and from disk per byte the workload read or wrote).

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "plugins/kvstore/ycsb/backend.h"
#include "plugins/kvstore/ycsb/workload.h"

namespace plab::ycsb {

/// How to run.
struct RunOptions {
  WorkloadSpec workload;
  int threads = 1;
  std::uint64_t warmup_ops = 0;  // run before measuring, not counted
  double trace_interval_s = 0.1;
  std::uint64_t seed = 1;
  bool load = true;  // false: the records are already there (runs workloads back to back)
  /// Operations each thread keeps in flight: > 1 issues them in batches of `depth` through
  /// BackendSession::run_batch (FASTER's asynchronous operations; RocksDB's MultiGet); every
  /// operation of a batch is timed from the batch's start to its end.
  int depth = 1;
  std::function<bool()> cancelled;                          // polled; true stops the run
  std::function<void(double, const std::string&)> progress;  // fraction, message
};

/// Latency of one kind of operation, in microseconds.
struct OpLatency {
  std::uint64_t count = 0;
  double mean_us = 0, p50_us = 0, p99_us = 0, p999_us = 0;
};

/// What a run measured. Amplification and throughput cover the measured phase only.
struct RunResult {
  double load_seconds = 0, run_seconds = 0;
  std::uint64_t ops = 0, not_found = 0, unsupported = 0;
  double throughput = 0;  // operations per second
  OpLatency all;
  OpLatency per_op[kOpKinds];
  std::uint64_t logical_read_bytes = 0, logical_write_bytes = 0;
  std::uint64_t disk_read_bytes = 0, disk_write_bytes = 0;
  double read_amp = 0, write_amp = 0;  // 0 when the workload read (wrote) nothing
  std::uint64_t load_disk_write_bytes = 0;
  BackendStats final_stats;
  BackendStats start_stats;  // when the measured phase began (counters: take the difference)
  std::vector<std::pair<double, double>> trace;  // (seconds since start of measurement, ops/s)
  bool cancelled = false;
};

/// Loads record_count records, then runs warm-up and operation_count measured operations.
/// Throws std::runtime_error when the backend fails.
RunResult run_ycsb(Backend& backend, const RunOptions& options);

}  // namespace plab::ycsb
