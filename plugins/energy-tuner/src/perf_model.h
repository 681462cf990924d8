#pragma once
// The latency and power model of one simulated device running one inference model: reads the
// device file's "inference" section (data/devices/README.md, plugins/energy-tuner/README.md) and
// evaluates a hardware configuration, exactly (ground truth) or as a noisy measurement.

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/hw/device_model.h"

namespace plab::energy {

/// One hardware configuration: knob name -> level value, plus the batch size.
struct HwConfig {
  std::map<std::string, double> knobs;  // e.g. gpu_min_freq, gpu_max_freq, emc_freq, cpu_freq, power_limit
  int batch = 1;
  nlohmann::json to_json() const;
};

/// The serving workload: which model, the latency SLO and the request rate.
struct Workload {
  std::string model;
  double slo_ms = 0;
  double rate_rps = 0;
};

/// What one evaluation of a configuration yields.
struct PerfResult {
  double energy_j = 0;  // energy per inference (GPU/SoC share plus CPU pre-processing)
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  double throughput_rps = 0;  // what the device sustains at this configuration (batches of `batch`)
  double batch_ms = 0;        // GPU time of one batch
  double busy_power_w = 0;    // device power while a batch runs
  bool stable = true;         // the device keeps up with the request rate
};

/// A device's "inference" section, validated. Two kinds: "jetson-dvfs" (CPU, GPU min/max and EMC
/// frequencies) and "power-limit" (a datacenter GPU's power limit, fitted from Zeus's sweeps).
class PerfModel {
 public:
  /// Validates the section of `device` for `model_name`; throws InputError naming the file and
  /// the field ("inference.models.bert-base.gflops: expected a number > 0").
  PerfModel(const hw::DeviceModel& device, const std::string& model_name);

  /// Model names a device file describes (throws InputError when the section is missing).
  static std::vector<std::string> models(const hw::DeviceModel& device);

  const std::string& kind() const { return kind_; }
  const std::vector<int>& batch_sizes() const { return batch_sizes_; }
  /// The model's default SLO and request rate from the file (used when the parameters are 0).
  Workload default_workload() const;

  /// Noise-free prediction: the ground truth the benchmarks compare against.
  PerfResult truth(const HwConfig& c, const Workload& w) const;
  /// A measurement: `requests` simulated requests with multiplicative latency noise and a power
  /// reading with its own noise, both from the file's "noise" entry.
  PerfResult measure(const HwConfig& c, const Workload& w, std::mt19937_64& rng, int requests = 400) const;

  /// CPU pre-processing of one request at CPU frequency f (jetson-dvfs; others have a fixed time).
  double cpu_ms(double cpu_mhz) const;
  double cpu_energy_j(double cpu_mhz) const;
  /// Time of one fine-tuning step on `batch` samples at configuration c (the GPU alone).
  double finetune_step_ms(const HwConfig& c, int batch) const;
  /// Memory contention while fine-tuning shares the GPU: extra fraction of a batch's time
  /// ("finetune_contention" in the section, default 0.1).
  double contention() const { return contention_; }

 private:
  double knob(const HwConfig& c, const std::string& name) const;
  double volt(double f, double f_lo, double f_hi, double v_lo, double v_hi) const;
  void batch_time_and_power(const HwConfig& c, int batch, double& ms, double& busy_w, double& idle_w) const;

  const hw::DeviceModel* device_;
  std::string kind_, model_;
  std::vector<int> batch_sizes_;
  nlohmann::json dev_, mod_;
  double latency_cv_ = 0.05, power_cv_ = 0.03, contention_ = 0.1;
};

}  // namespace plab::energy
