#pragma once
// The local target: a real multi-layer perceptron inference on this machine's CPU (Eigen), with
// the knobs this machine lets a process set without privileges (worker threads, batch size), and
// energy from RAPL only where a package counter is readable.

#include <Eigen/Dense>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace plab::energy {

/// A dense ReLU network with seeded random weights (float). Thread-safe for concurrent infer().
class Mlp {
 public:
  Mlp(int input, int width, int layers, int output, std::uint64_t seed);
  /// Forward pass of the rows of `x` (batch x input); returns batch x output.
  Eigen::MatrixXf infer(const Eigen::MatrixXf& x) const;
  int input_size() const { return input_; }

 private:
  int input_;
  std::vector<Eigen::MatrixXf> w_;
  std::vector<Eigen::VectorXf> b_;
};

/// What one local configuration measured.
struct LocalMeasurement {
  int threads = 1, batch = 1;
  double latency_p50_ms = 0, latency_p99_ms = 0;  // per batch (a request waits for its batch)
  double throughput_rps = 0;
  double ms_per_inference = 0;
  std::optional<double> energy_j;  // per inference, only from a readable RAPL package counter
};

/// Runs `batches` batches of `batch` requests, each split across `threads` worker threads.
LocalMeasurement measure_local(const Mlp& mlp, int threads, int batch, int batches,
                               const std::string& rapl_energy_file, std::uint64_t rapl_max_range_uj);

/// The first readable RAPL package counter under `root`/sys/class/powercap, as (energy_uj file,
/// max range); nullopt with `why` filled when there is none.
std::optional<std::pair<std::filesystem::path, std::uint64_t>> find_rapl_package(
    const std::filesystem::path& root, std::string& why);

}  // namespace plab::energy
