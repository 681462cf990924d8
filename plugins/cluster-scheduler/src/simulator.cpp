#include "plugins/cluster-scheduler/src/simulator.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/sim/event_queue.h"
#include "core/util/error.h"

namespace plab::cluster {
namespace {

/// Free GPUs per server of each type; hands out global GPU ids.
class Placer {
 public:
  explicit Placer(const ClusterSpec& c) : c_(c) {
    int base = 0;
    for (int n : c.counts) {
      std::vector<std::vector<int>> servers;
      for (int i = 0; i < n; i += c.gpus_per_server) {
        std::vector<int> ids;
        for (int g = i; g < std::min(n, i + c.gpus_per_server); ++g) ids.push_back(base + g);
        servers.push_back(ids);
      }
      all_.push_back(servers);
      base += n;
    }
  }
  void reset() {
    free_ = all_;
    free_count_ = c_.counts;
  }
  int free(int k) const { return free_count_[k]; }
  /// Best fit on one server when possible, else spread over the emptiest servers.
  std::vector<int> take(int k, int n) {
    std::vector<int> out;
    if (free_count_[k] < n) return out;
    auto& servers = free_[k];
    int best = -1;
    for (int s = 0; s < static_cast<int>(servers.size()); ++s) {
      const int f = static_cast<int>(servers[s].size());
      if (f >= n && (best < 0 || f < static_cast<int>(servers[best].size()))) best = s;
    }
    auto grab = [&](int s, int m) {
      for (int i = 0; i < m; ++i) {
        out.push_back(servers[s].back());
        servers[s].pop_back();
      }
    };
    if (best >= 0) {
      grab(best, n);
    } else {
      while (static_cast<int>(out.size()) < n) {
        int s = 0;
        for (int i = 1; i < static_cast<int>(servers.size()); ++i)
          if (servers[i].size() > servers[s].size()) s = i;
        grab(s, std::min<int>(n - static_cast<int>(out.size()), static_cast<int>(servers[s].size())));
      }
    }
    free_count_[k] -= n;
    return out;
  }

 private:
  const ClusterSpec& c_;
  std::vector<std::vector<std::vector<int>>> all_, free_;
  std::vector<int> free_count_;
};

/// Runs a job for up to `budget` seconds from `start` on type k; returns the time used.
double advance(JobState& j, int k, double rate_factor, double budget, RoundRecord& rec) {
  const JobModel& m = *j.model;
  const double spe = m.samples_per_epoch();
  double used = 0;
  while (budget - used > 1e-9 && j.samples_done < m.total_samples()) {
    const int e = j.epoch();
    const double end_of_epoch = e + 1 >= m.epochs() ? m.total_samples() : std::min(m.total_samples(), (e + 1) * spe);
    const double left = end_of_epoch - j.samples_done;
    const double rate = m.rate(k, e) * rate_factor;
    const double need = left / rate;
    const double dt = std::min(need, budget - used);
    const double s = dt >= need ? left : dt * rate;
    j.samples_done = dt >= need ? end_of_epoch : j.samples_done + s;
    j.steps_done += s / m.batch_size_at(e);
    rec.samples += s;
    used += dt;
    if (dt >= need) {
      const auto& sizes = m.batch_sizes();
      const auto pos = std::lower_bound(sizes.begin(), sizes.end(), m.batch_size_at(e)) - sizes.begin();
      ++j.epochs_at_bs[pos];
      if (end_of_epoch >= m.total_samples()) j.samples_done = m.total_samples();
    }
  }
  // Floating-point residue (the artifact counts whole steps): a job within 1e-9 of its work is done.
  if (j.samples_done < m.total_samples() && m.total_samples() - j.samples_done <= 1e-9 * m.total_samples()) {
    j.samples_done = m.total_samples();
  }
  return used;
}

}  // namespace

SimResult simulate(const std::vector<JobModel>& jobs, const ClusterSpec& cluster, Policy& policy,
                   const SimOptions& opt, const std::function<void(double)>& progress) {
  const int K = static_cast<int>(cluster.gpu_types.size());
  if (!(opt.preempt_cost_s >= 0 && (opt.preempt_cost_s == 0 || opt.preempt_cost_s < opt.round_len - 5))) {
    throw InputError("preempt_cost_s (" + std::to_string(opt.preempt_cost_s) + " s) must be at least 0 and below round_s - 5 (" +
                     std::to_string(opt.round_len - 5) + " s): a restarted job would make no progress");
  }
  std::vector<JobState> st(jobs.size());
  SimResult res;
  res.total_gpus = cluster.total();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    st[i].model = &jobs[i];
    st[i].index = static_cast<int>(i);
    st[i].attained.assign(K, 0.0);
    st[i].epochs_at_bs.assign(jobs[i].batch_sizes().size(), 0);
    if (jobs[i].spec().num_gpus > *std::max_element(cluster.counts.begin(), cluster.counts.end())) {
      throw InputError("job " + std::to_string(jobs[i].spec().id) + " needs " +
                       std::to_string(jobs[i].spec().num_gpus) + " GPUs, more than any GPU type of the cluster has");
    }
  }
  sim::Simulator sim;
  std::vector<JobState*> active;
  std::size_t arrived = 0, done = 0;
  bool arrivals = false, completions = false;
  int idle_rounds = 0;
  for (auto& j : st) {
    sim.at(std::max(0.0, j.arrival()), [&, p = &j](sim::Simulator&) {
      active.push_back(p);
      ++arrived;
      arrivals = true;
    });
  }
  Placer placer(cluster);
  std::function<void(sim::Simulator&)> round = [&](sim::Simulator& s) {
    const double t0 = s.now();
    if (t0 > opt.max_time) throw RunError("simulation passed max_time without finishing every job");
    RoundView view;
    view.now = t0;
    view.round = res.rounds;
    view.round_len = opt.round_len;
    view.cluster = &cluster;
    view.arrivals = arrivals;
    view.completions = completions;
    view.trace_jobs = static_cast<int>(jobs.size());
    std::erase_if(active, [](const JobState* j) { return j->finish >= 0; });
    std::stable_sort(active.begin(), active.end(),
                     [](const JobState* a, const JobState* b) { return a->arrival() < b->arrival(); });
    view.active = active;
    arrivals = completions = false;
    const auto w0 = std::chrono::steady_clock::now();
    const std::vector<Choice> choices = active.empty() ? std::vector<Choice>{} : policy.schedule(view);
    res.policy_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();

    placer.reset();
    std::vector<char> placed(st.size(), 0), is_active(st.size(), 0);
    for (auto* j : active) is_active[j->index] = 1;
    double busy = 0, longest = 0;
    std::vector<int> ran_type(st.size(), -1);
    for (const Choice& c : choices) {
      if (c.job < 0 || c.job >= static_cast<int>(st.size()) || !is_active[c.job] || c.gpu_type < 0 ||
          c.gpu_type >= K || !(c.rate_factor > 0)) {
        throw RunError("policy " + policy.name() + " chose job " + std::to_string(c.job) +
                       " on GPU type " + std::to_string(c.gpu_type) + ", which is not an active job and a GPU type");
      }
      if (placed[c.job]) continue;
      JobState& j = st[c.job];
      if (placer.free(c.gpu_type) < j.gpus()) continue;
      RoundRecord rec;
      rec.job = c.job;
      rec.gpu_type = c.gpu_type;
      rec.start = t0;
      rec.gpus = placer.take(c.gpu_type, j.gpus());
      placed[c.job] = 1;
      // The artifact's restart overhead: only for a job that did not run in the previous round,
      // not in the first round, and only when it would use (nearly) the whole round.
      const bool restart = j.last_type != c.gpu_type && res.rounds > 0;
      const bool full_round = j.remaining_time(c.gpu_type) / c.rate_factor > opt.round_len - 5;
      const double cost = restart && full_round ? std::min(opt.preempt_cost_s, opt.round_len) : 0.0;
      const double used = cost + advance(j, c.gpu_type, c.rate_factor, opt.round_len - cost, rec);
      rec.end = t0 + used;
      longest = std::max(longest, used);
      j.attained[c.gpu_type] += used;
      ++j.rounds_run;
      ran_type[c.job] = c.gpu_type;
      busy += j.gpus();
      res.busy_gpu_seconds += used * j.gpus();
      if (j.samples_done >= j.model->total_samples()) {
        j.finish = rec.end;
        s.at(rec.end, [&](sim::Simulator&) {
          ++done;
          completions = true;
          if (progress) progress(double(done) / st.size());
        }, -1);
      }
      res.records.push_back(std::move(rec));
    }
    for (auto* j : active) j->last_type = ran_type[j->index];
    res.round_start.push_back(t0);
    res.round_busy.push_back(busy);
    ++res.rounds;
    idle_rounds = busy > 0 ? 0 : idle_rounds + 1;
    if (idle_rounds > 1000) throw RunError("policy " + policy.name() + " left every GPU idle for 1000 rounds with jobs waiting");
    // Next round: now + L while work remains; otherwise at the round boundary after the next arrival.
    bool more = false;
    for (auto* j : active) more = more || j->finish < 0;
    const double len = opt.early_round_end && longest > 0 ? longest : opt.round_len;
    if (more) {
      s.at(t0 + len, round, 1);
    } else if (arrived < st.size()) {
      double next = 1e300;
      for (const auto& j : st) if (j.finish < 0 && j.arrival() > t0) next = std::min(next, j.arrival());
      const double at = opt.early_round_end ? std::max(t0 + len, next)
                                            : std::max(t0 + opt.round_len, std::ceil(next / opt.round_len) * opt.round_len);
      s.at(at, round, 1);
    }
  };
  double first = 1e300;
  for (const auto& j : st) first = std::min(first, j.arrival());
  if (!st.empty()) {
    const double at = std::max(0.0, first);
    sim.at(opt.early_round_end ? at : std::ceil(at / opt.round_len) * opt.round_len, round, 1);
  }
  sim.run();

  for (const auto& j : st) {
    res.finish.push_back(j.finish);
    res.isolated.push_back(j.model->isolated_time());
    res.arrival.push_back(j.arrival());
    res.gpus.push_back(j.gpus());
    res.samples_done.push_back(j.samples_done);
    res.total_samples.push_back(j.model->total_samples());
  }
  return res;
}

double JobState::total_attained() const {
  double s = 0;
  for (double a : attained) s += a;
  return s;
}

double JobState::predicted_remaining_time(int k) const {
  const JobModel& m = *model;
  if (m.artifact_model()) {
    // JobMetaData.dirichlet_posterior_remaining_runtime: prior epochs / (number of batch sizes) on
    // every batch size of the profile, plus one count per epoch observed so far (the profile's
    // batch sizes up to the current epoch), rebased to the epoch count, the observed ones taken off.
    const auto& modes = m.profile_modes();
    const int E = m.epochs(), observed = std::min(epoch() + 1, E);
    const int* seen = m.profile_seen(observed);
    const std::size_t M = modes.size();
    double sum = 0;
    std::vector<double> conc(M);
    for (std::size_t i = 0; i < M; ++i) sum += conc[i] = double(E) / M + seen[i];
    for (std::size_t i = 0; i < M; ++i) {
      conc[i] = E * conc[i] / sum;
      // The artifact takes one epoch off per observed epoch while the count stays >= 1.
      conc[i] -= std::min<double>(seen[i], std::floor(conc[i]));
    }
    double rebased = 0, t = 0;
    for (std::size_t i = 0; i < modes.size(); ++i) {
      rebased += conc[i];
      t += conc[i] * m.profile_epoch_time(k, modes[i]);
    }
    // Whole epochs, as the artifact's epoch_progress: a job in its last epoch has one epoch left.
    const double left = E - std::floor(samples_done / m.samples_per_epoch() + 1e-9);
    const double inflated = std::max(std::floor(rebased + 1), left);
    return inflated > 0 ? t * left / inflated : 0.0;
  }
  const auto& sizes = m.batch_sizes();
  // Categories: batch sizes seen so far (completed epochs, plus the current one).
  std::vector<double> alpha(sizes.size(), 0.0);
  const int cur = m.batch_size_at(epoch());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (epochs_at_bs[i] > 0 || sizes[i] == cur) alpha[i] = 1.0 + epochs_at_bs[i];
  }
  double total = 0, expect = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (alpha[i] <= 0) continue;
    total += alpha[i];
    expect += alpha[i] * m.samples_per_epoch() / m.rate_at_bs(k, sizes[i]);
  }
  const double epochs_left = (m.total_samples() - samples_done) / m.samples_per_epoch();
  return epochs_left * expect / total;
}

}  // namespace plab::cluster
