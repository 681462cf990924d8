#pragma once
// CPU utilisation from /proc/stat: the time each CPU spent busy between two readings.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace plab::hw {

/// One "cpu"/"cpuN" line of /proc/stat, in clock ticks (USER_HZ).
struct CpuTimes {
  std::string name;  // "cpu" (all CPUs together) or "cpu0", "cpu1", ...
  std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;

  /// All ticks; guest time is already inside user and nice, so it is not added again.
  std::uint64_t total() const;
  /// Ticks not doing work: idle + iowait.
  std::uint64_t idle_all() const;
};

/// Parses the cpu lines of /proc/stat text; lines that are not "cpu..." are ignored. Lines with
/// fewer than four numbers (older kernels have at least that many) are skipped.
std::vector<CpuTimes> parse_proc_stat(const std::string& text);

/// Busy fraction in [0, 1] between two readings of the same CPU; nullopt when no tick passed or the
/// counters went backwards (a CPU taken offline and back).
std::optional<double> utilisation(const CpuTimes& before, const CpuTimes& after);

/// Utilisation of one CPU over the last interval.
struct CpuUtilisation {
  std::string name;             // "cpu" (all CPUs), "cpu0", ...
  std::optional<double> value;  // fraction in [0, 1]; empty when undefined (see utilisation())
};

/// Samples <root>/proc/stat and reports per-CPU utilisation since the previous sample.
/// Not thread-safe; one sampler per reader.
class ProcStatSampler {
 public:
  /// Takes the first reading now; ok() says whether /proc/stat could be read.
  explicit ProcStatSampler(const std::filesystem::path& root);

  bool ok() const { return ok_; }
  /// Why the sampler does not work ("" when it does).
  const std::string& reason() const { return reason_; }
  /// Number of per-CPU lines ("cpuN") in the first reading.
  std::size_t cpu_count() const;

  /// Reads again and returns utilisation since the previous reading (the first call: since
  /// construction), "cpu" first and then per CPU. Empty when /proc/stat cannot be read now.
  std::vector<CpuUtilisation> sample();

 private:
  std::filesystem::path file_;
  std::vector<CpuTimes> last_;
  bool ok_ = false;
  std::string reason_;
};

}  // namespace plab::hw
