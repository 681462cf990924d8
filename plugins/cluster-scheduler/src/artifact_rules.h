#pragma once
// The Shockwave artifact's job model (uw-mad-dash/shockwave, scheduler/utils.py and
// scheduler/scheduler.py): dataset size per model family (epoch length), and the per-epoch batch
// sizes of accordion and gns jobs, both as its simulator applies them and as its job profile
// (the isolated time behind finish-time fairness) states them.

#include <optional>
#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/job.h"

namespace plab::cluster::artifact {

/// Samples per epoch of a model family (utils.py dataset_len / scheduler.py dataset_size_dict);
/// nullopt for families the artifact does not know (their jobs use AdaptationParams' fractions).
std::optional<int> dataset_size(const std::string& family);

/// Epochs of a job: ceil(total_steps / ceil(dataset / batch size)) (scheduler.py _get_num_epochs).
int epochs(int dataset, int batch_size, double total_steps);

/// Batch size per epoch as the artifact's simulator applies it (scheduler.py _simulate_accordion,
/// _simulate_gns, _scale_bs_and_iters): it looks at ceil(steps run / steps per epoch), i.e. one
/// epoch ahead of the epoch in progress; accordion has no 30% floor there; gns follows
/// get_gns_bs_pattern for 760 epochs; a job whose initial batch size is its family's maximum
/// never changes. Not yet snapped to the batch sizes the throughput table has.
std::vector<int> simulated_batch_sizes(const std::string& family, int bs0, int gpus, Mode mode, int epochs);

/// Batch size per epoch of the job's profile (utils.py generate_pickle_file:
/// get_accordion_bs_pattern with its "first 30% of the epochs stay critical" rule,
/// get_gns_bs_pattern with the job's own epoch count), from which the artifact computes the
/// isolated time (sum of dataset / bs / throughput over the epochs).
std::vector<int> profile_batch_sizes(const std::string& family, int bs0, int gpus, Mode mode, int epochs);

}  // namespace plab::cluster::artifact
