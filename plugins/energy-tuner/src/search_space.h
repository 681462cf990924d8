#pragma once
// The candidate configurations the optimisers choose from: every combination of the tuned knobs'
// levels (GPU min <= GPU max on Jetsons) and batch sizes, each also encoded in [0, 1]^d with
// ordinal levels evenly spaced.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "core/hw/device_model.h"
#include "plugins/energy-tuner/src/perf_model.h"

namespace plab::energy {

/// The full grid of a device/model (PolyThrottle: 1,820 points on AGX Orin, 5,005 on TX2).
class SearchSpace {
 public:
  /// `batch` > 0 fixes the batch size; 0 tunes it over the model's batch sizes. `fixed` knobs
  /// (the CPU frequency chosen in the first phase) are copied into every configuration.
  SearchSpace(const hw::DeviceModel& device, const PerfModel& model, int batch, const HwConfig& fixed);

  std::size_t size() const { return configs_.size(); }
  const std::vector<HwConfig>& configs() const { return configs_; }
  const Eigen::MatrixXd& encoded() const { return encoded_; }
  const std::vector<std::string>& dimensions() const { return dims_; }
  /// Index of the configuration equal to c (knob levels within 1e-9 relative, same batch).
  std::optional<std::size_t> find(const HwConfig& c) const;

 private:
  std::vector<std::string> dims_;
  std::vector<HwConfig> configs_;
  Eigen::MatrixXd encoded_;
};

/// The tuned knob names of a model kind ("jetson-dvfs": GPU min/max and EMC; "power-limit").
std::vector<std::string> tuned_knobs(const std::string& kind);

}  // namespace plab::energy
