#pragma once
// Generates a measurement campaign on a simulated cluster from its preset: every GPU gets a
// latent "silicon" slowness (shared, to a degree, across applications), every node a cooling
// offset, a few GPUs are markedly slow outliers; per application the GPU's clock, duration,
// power and temperature follow from these, calibrated so that the performance variation
// (fence definition) of the median-normalised durations matches the preset's target.
//
// Deterministic in the seed, and per GPU: a GPU's properties depend only on (seed, its index), so
// simulating a sample of a cluster gives the same values for the sampled GPUs as simulating it
// whole.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "plugins/variability-profiler/src/cluster_preset.h"
#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

struct SimOptions {
  std::size_t devices = 0;                // GPUs to simulate: 0 = the whole cluster, else a random sample
  int repetitions = 3;                    // runs per GPU and application
  std::vector<std::string> applications;  // empty = every application of the preset
  std::uint64_t seed = 1;
};

/// Throws InputError for an unknown application or repetitions < 1; polls `cancelled` (may be
/// empty) every few thousand GPUs and throws Cancelled.
Dataset simulate_cluster(const ClusterPreset& preset, const SimOptions& options,
                         const std::function<bool()>& cancelled = {});

/// The node name of node `n` (0-based) in the preset's naming style: "a01n03" (Summit: row
/// letter, cabinet column, node), "c101-003" (TACC), or "node0003".
std::string node_name(const ClusterPreset& preset, std::size_t n);

}  // namespace plab::variability
