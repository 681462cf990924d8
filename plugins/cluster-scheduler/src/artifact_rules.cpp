#include "plugins/cluster-scheduler/src/artifact_rules.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace plab::cluster::artifact {
namespace {

/// utils.py get_gns_bs_pattern: from epoch `start` on the batch size is bs0 x `mult`, for jobs of
/// (family, bs0, gpus) with more than `min_epochs` epochs.
struct GnsRule {
  const char* family;
  int bs0, gpus, min_epochs;
  std::vector<std::pair<int, int>> steps;  // (first epoch, multiplier)
};

const std::vector<GnsRule>& gns_rules() {
  static const std::vector<GnsRule> rules = {
      {"ResNet-18", 16, 1, 31, {{31, 2}, {41, 4}, {51, 8}, {71, 16}}},
      {"ResNet-18", 32, 1, 21, {{21, 2}, {31, 4}, {51, 8}}},
      {"ResNet-18", 64, 1, 11, {{11, 2}, {31, 4}}},
      {"ResNet-18", 128, 1, 11, {{11, 2}}},
      {"ResNet-18", 16, 2, 21, {{21, 2}, {31, 4}, {91, 8}, {111, 16}}},
      {"ResNet-18", 32, 2, 11, {{11, 2}, {21, 4}, {41, 8}}},
      {"ResNet-18", 64, 2, 21, {{21, 2}, {41, 4}}},
      {"ResNet-18", 128, 2, 41, {{41, 2}}},
      {"ResNet-18", 16, 4, 11, {{11, 2}, {21, 4}, {81, 8}, {91, 16}}},
      {"ResNet-18", 32, 4, 21, {{21, 2}, {31, 4}, {61, 8}}},
      {"ResNet-18", 64, 4, 11, {{11, 2}, {61, 4}}},
      {"ResNet-18", 128, 4, 11, {{11, 2}}},
      {"ResNet-50", 64, 1, 101, {{101, 2}}},
      {"ResNet-50", 32, 2, 101, {{101, 2}, {111, 4}}},
      {"ResNet-50", 64, 2, 81, {{81, 2}}},
      {"ResNet-50", 32, 4, 131, {{131, 2}, {221, 4}}},
      {"ResNet-50", 64, 4, 191, {{191, 2}}},
      {"LM", 5, 1, 31, {{31, 2}, {41, 4}, {61, 8}, {71, 16}}},
      {"LM", 10, 1, 11, {{11, 2}, {21, 4}, {41, 8}}},
      {"LM", 20, 1, 11, {{11, 2}, {41, 4}}},
      {"LM", 40, 1, 11, {{11, 2}}},
      {"LM", 5, 2, 31, {{31, 2}, {51, 4}, {61, 8}, {71, 16}}},
      {"LM", 10, 2, 11, {{11, 2}, {31, 4}, {41, 8}}},
      {"LM", 20, 2, 31, {{31, 2}, {41, 4}}},
      {"LM", 40, 2, 11, {{11, 2}}},
      {"LM", 5, 4, 11, {{11, 2}, {31, 4}, {71, 8}, {91, 16}}},
      {"LM", 10, 4, 11, {{11, 2}, {31, 4}, {61, 8}}},
      {"LM", 20, 4, 11, {{11, 2}, {61, 4}}},
      {"LM", 40, 4, 61, {{61, 2}}},
      {"Recommendation", 512, 1, 21, {{21, 2}, {41, 4}, {71, 8}, {91, 16}}},
      {"Recommendation", 1024, 1, 21, {{21, 2}, {51, 4}, {91, 8}}},
      {"Recommendation", 2048, 1, 21, {{21, 2}, {41, 4}}},
      {"Recommendation", 4096, 1, 41, {{41, 2}}},
  };
  return rules;
}

/// get_gns_bs_pattern's cap (bs_limit).
int gns_limit(const std::string& f, int bs0) {
  static const std::map<std::string, int> m = {
      {"ResNet-18", 256}, {"ResNet-50", 128}, {"Transformer", 128}, {"LM", 80}, {"Recommendation", 8192}};
  const auto it = m.find(f);
  return it == m.end() ? bs0 : it->second;
}

/// max_bs_dict of _scale_bs_and_iters / get_accordion_bs_pattern; 0 when the family has none.
int max_bs(const std::string& f) {
  static const std::map<std::string, int> m = {{"LM", 80}, {"ResNet-18", 256}, {"ResNet-50", 128}, {"Recommendation", 8192}};
  const auto it = m.find(f);
  return it == m.end() ? 0 : it->second;
}

int recommendation_regime(int bs0) {
  if (bs0 == 512 || bs0 == 1024) return 30;
  if (bs0 == 2048) return 40;
  return 10;
}

/// get_gns_bs_pattern for `n` epochs, with its loop details: the first segment also changes the
/// last epoch, later segments leave the last epoch at bs0.
std::vector<int> gns_pattern(const std::string& f, int bs0, int gpus, int n) {
  std::vector<int> bs(n, bs0);
  for (const GnsRule& r : gns_rules()) {
    if (f != r.family || bs0 != r.bs0 || gpus != r.gpus || n <= r.min_epochs) continue;
    for (std::size_t s = 0; s < r.steps.size(); ++s) {
      const int end = s + 1 < r.steps.size() ? r.steps[s + 1].first : n;
      for (int e = r.steps[s].first; e < std::min(end, n); ++e) {
        if (s > 0 && e + 1 >= n) break;
        bs[e] = bs0 * r.steps[s].second;
        if (s == 0 && e + 1 >= n) break;
      }
    }
    break;
  }
  const int cap = gns_limit(f, bs0);
  for (int& b : bs) b = std::min(b, cap);
  return bs;
}

}  // namespace

std::optional<int> dataset_size(const std::string& family) {
  static const std::map<std::string, int> m = {{"ResNet-18", 50000}, {"ResNet-50", 100000}, {"Transformer", 10000},
                                               {"LM", 59675},        {"Recommendation", 117907}, {"CycleGAN", 6287},
                                               {"A3C", 4}};
  const auto it = m.find(family);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

int epochs(int dataset, int batch_size, double total_steps) {
  const double per_epoch = std::ceil(double(dataset) / std::max(1, batch_size));
  return std::max(1, static_cast<int>(std::ceil(total_steps / per_epoch - 1e-9)));
}

std::vector<int> simulated_batch_sizes(const std::string& f, int bs0, int gpus, Mode mode, int n) {
  std::vector<int> bs(n, bs0);
  if (mode == Mode::Static || bs0 == max_bs(f)) return bs;  // _scale_bs_and_iters rejects changes
  if (mode == Mode::Gns) {
    const std::vector<int> p = gns_pattern(f, bs0, gpus, std::max(760, n + 2));
    for (int e = 0; e < n; ++e) bs[e] = p[e];
    return bs;
  }
  const int big = max_bs(f);
  if (big == 0) return bs;  // Transformer and others: accordion does not apply
  for (int e = 0; e < n; ++e) {
    bool critical = false;
    if (f == "LM") critical = e < 10;
    else if (f == "Recommendation") critical = e < recommendation_regime(bs0);
    else if (f == "ResNet-50") critical = e % 30 < 10;
    else if (f == "ResNet-18") critical = e < (bs0 == 256 ? 20 : 10) || (e >= 150 && e < 160) || (e >= 250 && e < 260);
    bs[e] = critical ? bs0 : big;
  }
  return bs;
}

std::vector<int> profile_batch_sizes(const std::string& f, int bs0, int gpus, Mode mode, int n) {
  if (mode == Mode::Gns) return gns_pattern(f, bs0, gpus, n);
  std::vector<int> bs(n, bs0);
  if (mode == Mode::Static) return bs;
  const int big = max_bs(f);
  if (big == 0) return bs;
  for (int e = 0; e < n; ++e) {
    bool critical = false;
    if (f == "ResNet-18") critical = e < (bs0 == 256 ? 20 : 10) || (e >= 150 && e < 160) || (e >= 250 && e < 260);
    else if (f == "ResNet-50") critical = e < 600 && e % 30 < 10;
    else if (f == "LM") critical = e < 10;
    else if (f == "Recommendation")
      critical = e < recommendation_regime(bs0) || (e >= 60 && e < 70) || (e >= 80 && e < 90);
    if (!critical && e > n * 0.3) bs[e] = big;
  }
  return bs;
}

}  // namespace plab::cluster::artifact
