#pragma once
// Measured throughputs of job types on GPU types, read from a table in Gavel's JSON schema.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plab::cluster {

/// A job type such as "ResNet-18 (batch size 32)": its model family and batch size (0 when the
/// name carries none, e.g. "A3C").
struct JobTypeName {
  std::string family;
  int batch_size = 0;
  std::string full;
};
/// Splits "<family> (batch size N)"; names without the suffix are a family of their own.
JobTypeName parse_job_type(const std::string& name);

/// Steps per second of each (job type, scale factor) on each GPU type, as measured when the job
/// runs alone (Gavel's "null" entry). Zero or absent means the pair cannot run.
class ThroughputTable {
 public:
  /// Reads {gpu_type: {"('<job type>', <scale factor>)": {"null": steps/s, ...}}}. Throws
  /// InputError naming the file and the offending key when the schema is not met.
  static ThroughputTable load(const std::filesystem::path& file);
  /// Adds (or replaces) one entry; used by tests and synthetic tables.
  void set(const std::string& gpu_type, const std::string& job_type, int scale_factor, double steps_per_s);

  /// Steps/s of `job_type` with `scale_factor` GPUs on `gpu_type`; nullopt when not measured or 0.
  /// When the scale factor itself is missing but scale factor 1 is there, scales linearly.
  std::optional<double> steps_per_s(const std::string& gpu_type, const std::string& job_type,
                                    int scale_factor) const;
  bool has_gpu_type(const std::string& gpu_type) const { return table_.count(gpu_type) > 0; }
  std::vector<std::string> gpu_types() const;
  /// Job types measured (with scale factor 1 and a non-zero rate) on every one of `gpu_types`.
  std::vector<std::string> job_types(const std::vector<std::string>& gpu_types) const;
  /// Batch sizes of `family` that run (scale factor `sf`) on every one of `gpu_types`, ascending.
  std::vector<int> batch_sizes(const std::string& family, int sf, const std::vector<std::string>& gpu_types) const;
  std::string source() const { return source_; }

 private:
  // gpu type -> job type -> scale factor -> steps/s
  std::map<std::string, std::map<std::string, std::map<int, double>>> table_;
  std::string source_ = "(in memory)";
};

}  // namespace plab::cluster
