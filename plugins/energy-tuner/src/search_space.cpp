#include "plugins/energy-tuner/src/search_space.h"

#include <cmath>

namespace plab::energy {

std::vector<std::string> tuned_knobs(const std::string& kind) {
  if (kind == "jetson-dvfs") return {"gpu_min_freq", "gpu_max_freq", "emc_freq"};
  return {"power_limit"};
}

SearchSpace::SearchSpace(const hw::DeviceModel& device, const PerfModel& model, int batch,
                         const HwConfig& fixed) {
  const auto knobs = tuned_knobs(model.kind());
  std::vector<const hw::Knob*> ks;
  for (const auto& k : knobs) ks.push_back(device.find_knob(k));
  std::vector<int> batches = batch > 0 ? std::vector<int>{batch} : model.batch_sizes();
  dims_ = knobs;
  dims_.push_back("batch_size");
  std::vector<std::vector<std::size_t>> idx(1);
  for (const hw::Knob* k : ks) {
    std::vector<std::vector<std::size_t>> next;
    for (const auto& prefix : idx)
      for (std::size_t i = 0; i < k->levels.size(); ++i) {
        auto p = prefix;
        p.push_back(i);
        next.push_back(std::move(p));
      }
    idx = std::move(next);
  }
  auto enc = [](std::size_t i, std::size_t n) {
    return n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.5;
  };
  std::vector<std::vector<double>> rows;
  for (const auto& p : idx) {
    if (model.kind() == "jetson-dvfs" && ks[0]->levels[p[0]] > ks[1]->levels[p[1]] * (1 + 1e-12)) continue;
    for (std::size_t b = 0; b < batches.size(); ++b) {
      HwConfig c = fixed;
      std::vector<double> row;
      for (std::size_t k = 0; k < ks.size(); ++k) {
        c.knobs[knobs[k]] = ks[k]->levels[p[k]];
        row.push_back(enc(p[k], ks[k]->levels.size()));
      }
      c.batch = batches[b];
      row.push_back(enc(b, batches.size()));
      configs_.push_back(std::move(c));
      rows.push_back(std::move(row));
    }
  }
  encoded_.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(dims_.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      encoded_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
}

std::optional<std::size_t> SearchSpace::find(const HwConfig& c) const {
  for (std::size_t i = 0; i < configs_.size(); ++i) {
    if (configs_[i].batch != c.batch) continue;
    bool same = true;
    for (const auto& d : dims_) {
      if (d == "batch_size") continue;
      const auto a = configs_[i].knobs.find(d);
      const auto b = c.knobs.find(d);
      if (b == c.knobs.end() || std::abs(a->second - b->second) > 1e-9 * std::abs(a->second)) {
        same = false;
        break;
      }
    }
    if (same) return i;
  }
  return std::nullopt;
}

}  // namespace plab::energy
