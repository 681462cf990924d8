#pragma once
// Trace importers: Gavel 7- and 10-column, Shockwave 12-column, Philly job JSON and a generic CSV.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "plugins/cluster-scheduler/src/job.h"

namespace plab::cluster {

/// Options for formats that do not carry everything a job needs.
struct ImportOptions {
  std::string format = "auto";  // auto | gavel | shockwave | philly | csv
  std::uint64_t seed = 1;       // draws job types where the trace has none (Philly, CSV)
  const ThroughputTable* table = nullptr;   // job types are drawn from it (needed for Philly/CSV)
  std::vector<std::string> gpu_types;       // ... among those that run on these GPU types
  std::string reference_gpu = "v100";       // durations are converted to steps on this GPU type
  int max_jobs = 0;                         // 0: all
};

/// Reads a trace; "auto" picks the format from the extension and the first line's columns
/// (.json: Philly; .csv: generic CSV; tab-separated 7/10/12 columns: Gavel/Gavel/Shockwave).
/// Throws InputError naming the file, line (or JSON element) and what was expected.
std::vector<JobSpec> load_trace(const std::filesystem::path& file, const ImportOptions& opt);

/// Parses one tab-separated Gavel/Shockwave trace line (7, 10 or 12 columns). Throws
/// std::invalid_argument saying what is wrong (the caller adds file and line).
JobSpec parse_gavel_line(const std::string& line, int id);

}  // namespace plab::cluster
