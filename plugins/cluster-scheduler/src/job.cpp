#include "plugins/cluster-scheduler/src/job.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/util/error.h"
#include "plugins/cluster-scheduler/src/artifact_rules.h"

namespace plab::cluster {

const char* to_string(Mode m) {
  switch (m) {
    case Mode::Static: return "static";
    case Mode::Accordion: return "accordion";
    case Mode::Gns: return "gns";
  }
  return "?";
}

Mode mode_from_string(const std::string& s) {
  if (s == "static" || s == "0") return Mode::Static;
  if (s == "accordion" || s == "1") return Mode::Accordion;
  if (s == "gns" || s == "2") return Mode::Gns;
  throw std::invalid_argument("mode '" + s + "' is not static, accordion or gns");
}

int ClusterSpec::total() const {
  int n = 0;
  for (int c : counts) n += c;
  return n;
}

ClusterSpec ClusterSpec::parse(const std::string& text, int gpus_per_server, const std::string& field) {
  ClusterSpec c;
  c.gpus_per_server = gpus_per_server;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto colon = item.find(':');
    int n = 0;
    try {
      if (colon == std::string::npos) throw std::invalid_argument("no colon");
      std::size_t used = 0;
      n = std::stoi(item.substr(colon + 1), &used);
      if (used != item.size() - colon - 1 || n < 0) throw std::invalid_argument("count");
    } catch (const std::exception&) {
      throw InputError("parameter '" + field + "': '" + item + "' is not <gpu type>:<count>, e.g. v100:32");
    }
    c.gpu_types.push_back(item.substr(0, colon));
    c.counts.push_back(n);
  }
  if (c.gpu_types.empty() || c.total() <= 0) {
    throw InputError("parameter '" + field + "': '" + text + "' has no GPUs; expected e.g. v100:32");
  }
  if (gpus_per_server < 1) throw InputError("parameter 'gpus_per_server' must be >= 1");
  return c;
}

JobModel::JobModel(const JobSpec& spec, const ThroughputTable& table, const ClusterSpec& cluster,
                   const AdaptationParams& ap)
    : spec_(spec), epochs_(std::max(1, ap.epochs)) {
  const JobTypeName name = parse_job_type(spec.job_type);
  const int sf = spec.num_gpus;
  for (std::size_t k = 0; k < cluster.gpu_types.size(); ++k) {
    if (!table.steps_per_s(cluster.gpu_types[k], spec.job_type, sf)) {
      throw InputError("job " + std::to_string(spec.id) + ": type '" + spec.job_type + "' with " +
                       std::to_string(sf) + " GPU(s) has no throughput on " + cluster.gpu_types[k] + " in " +
                       table.source());
    }
  }
  const int bs0 = std::max(1, name.batch_size);
  total_samples_ = spec.total_steps * bs0;
  sizes_ = name.batch_size > 0 ? table.batch_sizes(name.family, sf, cluster.gpu_types) : std::vector<int>{};
  if (std::find(sizes_.begin(), sizes_.end(), name.batch_size) == sizes_.end()) sizes_ = {bs0};
  // Batch size per epoch: the artifact's rules for the families it knows, else the fractions.
  const int max_bs = sizes_.back();
  auto snap = [&](int b) {  // the largest measured batch size not above b
    int use = sizes_.front();
    for (int s : sizes_) if (s <= b) use = s;
    return use;
  };
  std::vector<int> profile;
  const auto ds = ap.artifact_rules && name.batch_size > 0 ? artifact::dataset_size(name.family) : std::nullopt;
  const double dataset = ds.value_or(0);
  if (ds) {
    artifact_ = true;
    epochs_ = artifact::epochs(*ds, bs0, spec.total_steps);
    bs_ = artifact::simulated_batch_sizes(name.family, bs0, sf, spec.mode, epochs_);
    profile = artifact::profile_batch_sizes(name.family, bs0, sf, spec.mode, epochs_);
    for (int& b : bs_) b = snap(b);
    for (int& b : profile) b = snap(b);
    profile_bs_ = profile;
    dataset_ = *ds;
    modes_ = profile;
    std::sort(modes_.begin(), modes_.end());
    modes_.erase(std::unique(modes_.begin(), modes_.end()), modes_.end());
    const std::size_t M = modes_.size();
    seen_.assign((profile.size() + 1) * M, 0);
    for (std::size_t e = 0; e < profile.size(); ++e) {
      std::copy_n(seen_.begin() + e * M, M, seen_.begin() + (e + 1) * M);
      ++seen_[(e + 1) * M + (std::lower_bound(modes_.begin(), modes_.end(), profile[e]) - modes_.begin())];
    }
  } else {
    bs_.assign(epochs_, bs0);
    for (int e = 0; e < epochs_; ++e) {
      const double f = double(e) / epochs_;
      if (spec.mode == Mode::Accordion && f >= ap.accordion_critical - 1e-12) bs_[e] = std::max(bs0, max_bs);
      if (spec.mode == Mode::Gns && ap.gns_interval > 0) {
        const int doublings = static_cast<int>(std::floor(f / ap.gns_interval + 1e-9));
        long b = bs0;
        for (int d = 0; d < doublings && b * 2 <= max_bs; ++d) b *= 2;
        bs_[e] = static_cast<int>(b);
      }
      bs_[e] = snap(bs_[e]);
    }
  }
  const std::size_t K = cluster.gpu_types.size();
  rate_.assign(K, std::vector<double>(epochs_));
  rate_bs_.assign(K, std::vector<double>(sizes_.size()));
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t i = 0; i < sizes_.size(); ++i) {
      const std::string type =
          name.batch_size > 0 ? name.family + " (batch size " + std::to_string(sizes_[i]) + ")" : spec.job_type;
      rate_bs_[k][i] = *table.steps_per_s(cluster.gpu_types[k], type, sf) * sizes_[i];
    }
    for (int e = 0; e < epochs_; ++e) rate_[k][e] = rate_at_bs(static_cast<int>(k), bs_[e]);
  }
  isolated_ = 1e300;
  for (std::size_t k = 0; k < K; ++k) {
    double t = 0;
    if (artifact_) {  // utils.py get_metric("duration"): dataset / batch size / steps per s, per epoch
      for (int b : profile) t += dataset / rate_at_bs(static_cast<int>(k), b);
    } else {
      t = remaining_time(static_cast<int>(k), 0.0);
    }
    isolated_ = std::min(isolated_, t);
  }
}

double JobModel::rate_at_bs(int k, int bs) const {
  const auto it = std::lower_bound(sizes_.begin(), sizes_.end(), bs);
  const std::size_t i = it == sizes_.end() ? sizes_.size() - 1 : static_cast<std::size_t>(it - sizes_.begin());
  return rate_bs_[k][i];
}

int JobModel::epoch_of(double done) const {
  // Consistent with the epoch ends (e + 1) * spe the simulator advances to.
  const double spe = samples_per_epoch();
  int e = std::min(std::max(static_cast<int>(std::floor(done / spe)), 0), epochs_ - 1);
  while (e + 1 < epochs_ && (e + 1) * spe <= done) ++e;
  while (e > 0 && e * spe > done) --e;
  return e;
}

double JobModel::remaining_time(int k, double done) const {
  double t = 0;
  const double spe = samples_per_epoch();
  for (int e = epoch_of(done); e < epochs_; ++e) {
    const double left = std::min(spe, (e + 1) * spe - done);
    if (left > 0) t += left / rate_[k][e];
  }
  return t;
}

}  // namespace plab::cluster
