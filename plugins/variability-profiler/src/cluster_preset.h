#pragma once
// A simulated GPU cluster modelled on one of the SC'22 study's clusters: its GPU model, size,
// cooling, power cap, and per application the distributions of performance, clock, power and
// temperature across its GPUs. Read from data/clusters/<id>.json; the file cites a source for
// every number it holds (a "sources" object keyed by field path, '*' matching one segment), and
// the loader refuses a number without one.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace plab::variability {

/// How one application behaves on the cluster's GPUs.
struct AppModel {
  std::string name;
  std::string kind;              // "compute" (clock-bound) or "memory" (bandwidth/latency-bound)
  double variation_pct = 0;      // target performance variation (fence definition), percent
  double freq_share = 0;         // share of the device-to-device duration variance due to the clock
  double run_cv = 0;             // run-to-run coefficient of variation on one device
  double median_duration_s = 0;  // median device's mean kernel/iteration time
  double median_sm_clock_mhz = 0;
  double median_power_w = 0;
  double power_sd_w = 0;
  bool power_capped = false;  // runs against the power cap
  double median_temperature_c = 0;
  double temperature_sd_c = 0;
};

/// A cluster preset as loaded and validated.
struct ClusterPreset {
  std::string id, name, site, gpu_model, vendor, cooling, node_naming;
  double max_sm_clock_mhz = 0;
  double power_cap_w = 0;
  int nodes = 0;
  int gpus_per_node = 0;
  int nodes_per_cabinet = 0;
  double cross_app_correlation = 0;  // how alike one GPU's slowness is across applications
  double outlier_fraction = 0;       // share of GPUs that are markedly slow in every application
  double outlier_slowdown_min = 1, outlier_slowdown_max = 1;
  std::vector<AppModel> apps;
  std::filesystem::path file;
  nlohmann::json json;  // as read, sources included

  std::size_t gpus() const {
    return static_cast<std::size_t>(nodes) * static_cast<std::size_t>(gpus_per_node);
  }
  const AppModel* app(const std::string& name) const;
};

/// Loads and validates a preset file; InputError names the file and the field on any problem.
ClusterPreset load_cluster_preset(const std::filesystem::path& file);

/// Folders searched for presets, in order: $PARETOLAB_DATA_DIR/clusters, the source tree's
/// data/clusters (development builds), the installed data folder's clusters.
std::vector<std::filesystem::path> preset_dirs();

/// Preset ids found in `dirs` (file stems of *.json), sorted, without duplicates.
std::vector<std::string> list_cluster_presets(const std::vector<std::filesystem::path>& dirs);

/// Loads preset `id` from the first folder that has it; InputError listing the available ones
/// when none does.
ClusterPreset find_cluster_preset(const std::string& id, const std::vector<std::filesystem::path>& dirs);

}  // namespace plab::variability
