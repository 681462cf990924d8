#pragma once
// Jobs of a trace and their throughput model: batch-size adaptation (static, accordion, gns)
// changes a job's rate as it progresses through its epochs.

#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/throughput_table.h"

namespace plab::cluster {

/// How a job's batch size changes over its epochs (Shockwave's trace modes).
enum class Mode { Static, Accordion, Gns };
const char* to_string(Mode m);
/// "static" | "accordion" | "gns" (also 0/1/2); throws std::invalid_argument otherwise.
Mode mode_from_string(const std::string& s);

/// One job as a trace gives it.
struct JobSpec {
  int id = 0;
  std::string job_type;   // a key of the throughput table, e.g. "ResNet-18 (batch size 32)"
  int num_gpus = 1;       // scale factor: GPUs the job runs on (all or none in a round)
  double total_steps = 0; // at the initial batch size
  double arrival = 0;     // seconds from the trace's start
  Mode mode = Mode::Static;
  double duration = -1;   // isolated run time the trace states (s), -1 when absent
};

/// Parameters of the batch-size schedules (Shockwave artifact's behaviour; see README).
struct AdaptationParams {
  int epochs = 50;                    // epochs of every job (granularity of batch-size changes)
  double accordion_critical = 0.3;    // accordion: initial batch size for this fraction of epochs, then the maximum
  double gns_interval = 0.25;         // gns: batch size doubles after every such fraction of epochs
  // true: jobs of the families the Shockwave artifact knows (ResNet-18/50, Transformer, LM,
  // Recommendation) follow its rules instead (artifact_rules.h: epochs from the dataset size,
  // per-family accordion regimes and gns schedules, isolated time from its job profile).
  bool artifact_rules = true;
};

/// The cluster's GPUs: counts per type and GPUs per server.
struct ClusterSpec {
  std::vector<std::string> gpu_types;
  std::vector<int> counts;
  int gpus_per_server = 4;
  int total() const;
  /// Parses "v100:32" or "v100:36,p100:36,k80:36"; throws InputError naming `field` otherwise.
  static ClusterSpec parse(const std::string& text, int gpus_per_server, const std::string& field = "cluster");
};

/// A job's rate model on one cluster: samples per second at each epoch on each GPU type.
class JobModel {
 public:
  /// Throws InputError when the job type cannot run with its GPU count on every GPU type.
  JobModel(const JobSpec& spec, const ThroughputTable& table, const ClusterSpec& cluster,
           const AdaptationParams& ap);

  const JobSpec& spec() const { return spec_; }
  int epochs() const { return epochs_; }
  double total_samples() const { return total_samples_; }
  double samples_per_epoch() const { return total_samples_ / epochs_; }
  int batch_size_at(int epoch) const { return bs_[std::min(std::max(epoch, 0), epochs_ - 1)]; }
  /// Samples/s at `epoch` on GPU type index `k` (the job's whole gang).
  double rate(int k, int epoch) const { return rate_[k][std::min(std::max(epoch, 0), epochs_ - 1)]; }
  /// Samples/s at its batch size `bs` on type `k`.
  double rate_at_bs(int k, int bs) const;
  int epoch_of(double samples_done) const;
  /// Exact time to finish from `samples_done` on type k, following the true schedule.
  double remaining_time(int k, double samples_done) const;
  /// Time alone on the fastest GPU type from the start: with the artifact's rules, its job
  /// profile's time (sum over epochs of dataset / throughput at the profile's batch size).
  double isolated_time() const { return isolated_; }
  /// Whether the artifact's rules (artifact_rules.h) define this job's epochs and batch sizes.
  bool artifact_model() const { return artifact_; }
  /// The job profile's batch size per epoch (artifact model only; empty otherwise).
  const std::vector<int>& profile_batch_sizes() const { return profile_bs_; }
  /// The profile's time of one epoch at batch size `bs` on type k: dataset / samples per second.
  double profile_epoch_time(int k, int bs) const { return dataset_ / rate_at_bs(k, bs); }
  /// The distinct batch sizes of the profile, ascending, and how many of its first e epochs use
  /// each: profile_seen(e)[i] counts profile_modes()[i] (prefix counts, e = 0..epochs).
  const std::vector<int>& profile_modes() const { return modes_; }
  const int* profile_seen(int e) const { return seen_.data() + static_cast<std::size_t>(e) * modes_.size(); }
  /// Batch sizes the job may use, ascending.
  const std::vector<int>& batch_sizes() const { return sizes_; }

 private:
  JobSpec spec_;
  int epochs_ = 1;
  double total_samples_ = 0;
  std::vector<int> bs_;                   // per epoch
  std::vector<int> sizes_;
  std::vector<std::vector<double>> rate_; // [gpu type][epoch]
  std::vector<std::vector<double>> rate_bs_; // [gpu type][index in sizes_]
  double isolated_ = 0;
  bool artifact_ = false;
  std::vector<int> profile_bs_, modes_, seen_;
  double dataset_ = 0;
};

}  // namespace plab::cluster
