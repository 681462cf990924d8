#include "plugins/energy-tuner/src/local_mlp.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "core/hw/probe_rapl.h"

namespace plab::energy {

Mlp::Mlp(int input, int width, int layers, int output, std::uint64_t seed) : input_(input) {
  std::mt19937_64 rng(seed);
  int in = input;
  for (int l = 0; l <= layers; ++l) {
    const int out = l == layers ? output : width;
    std::normal_distribution<float> n(0.0f, std::sqrt(2.0f / static_cast<float>(in)));
    Eigen::MatrixXf w(out, in);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = n(rng);
    w_.push_back(std::move(w));
    b_.push_back(Eigen::VectorXf::Zero(out));
    in = out;
  }
}

Eigen::MatrixXf Mlp::infer(const Eigen::MatrixXf& x) const {
  Eigen::MatrixXf h = x.transpose();  // features x batch
  for (std::size_t l = 0; l < w_.size(); ++l) {
    h = (w_[l] * h).colwise() + b_[l];
    if (l + 1 < w_.size()) h = h.cwiseMax(0.0f);
  }
  return h.transpose();
}

std::optional<std::pair<std::filesystem::path, std::uint64_t>> find_rapl_package(
    const std::filesystem::path& root, std::string& why) {
  const hw::RaplReport report = hw::probe_rapl(root);
  if (report.zones.empty()) {
    why = report.reason.empty() ? "no RAPL zones" : report.reason;
    return std::nullopt;
  }
  for (const auto& z : report.zones)
    if (z.name.rfind("package", 0) == 0 && z.energy_readable && z.max_energy_range_uj)
      return std::make_pair(z.dir / "energy_uj", *z.max_energy_range_uj);
  why = "no readable RAPL package counter";
  for (const auto& z : report.zones)
    if (!z.reason.empty()) {
      why += " (" + z.id + ": " + z.reason + ")";
      break;
    }
  return std::nullopt;
}

LocalMeasurement measure_local(const Mlp& mlp, int threads, int batch, int batches,
                               const std::string& rapl_file, std::uint64_t rapl_range) {
  LocalMeasurement m;
  m.threads = threads;
  m.batch = batch;
  std::mt19937_64 rng(42);
  std::normal_distribution<float> n(0.0f, 1.0f);
  Eigen::MatrixXf x(batch, mlp.input_size());
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = n(rng);
  std::optional<hw::RaplEnergyCounter> rapl;
  if (!rapl_file.empty()) rapl.emplace(rapl_file, rapl_range);
  std::vector<double> lat;
  volatile float sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int it = 0; it < batches; ++it) {
    const auto t0 = std::chrono::steady_clock::now();
    const int workers = std::min(threads, batch);
    std::vector<std::thread> pool;
    std::vector<float> partial(static_cast<std::size_t>(workers), 0.0f);
    for (int w = 0; w < workers; ++w) {
      const int lo = batch * w / workers, hi = batch * (w + 1) / workers;
      pool.emplace_back([&, w, lo, hi] {
        partial[static_cast<std::size_t>(w)] = mlp.infer(x.middleRows(lo, hi - lo)).sum();
      });
    }
    for (auto& t : pool) t.join();
    for (float p : partial) sink = sink + p;
    lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(lat.begin(), lat.end());
  auto q = [&](double p) {
    return lat[std::min(lat.size() - 1, static_cast<std::size_t>(p * static_cast<double>(lat.size())))];
  };
  m.latency_p50_ms = q(0.5);
  m.latency_p99_ms = q(0.99);
  const double inferences = static_cast<double>(batches) * batch;
  m.throughput_rps = inferences / total_s;
  m.ms_per_inference = total_s * 1000.0 / inferences;
  if (rapl && rapl->ok())
    if (auto j = rapl->joules()) m.energy_j = *j / inferences;
  return m;
}

}  // namespace plab::energy
