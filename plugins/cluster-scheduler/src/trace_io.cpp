#include "plugins/cluster-scheduler/src/trace_io.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/sim/random_streams.h"
#include "core/util/error.h"

namespace plab::cluster {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::stringstream ss(s);
  while (std::getline(ss, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

double number(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    const double v = std::stod(trim(s), &used);
    if (used != trim(s).size() || !std::isfinite(v)) throw std::invalid_argument("");
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument(std::string(what) + " '" + s + "' is not a number");
  }
}

int positive_int(const std::string& s, const char* what) {
  const double v = number(s, what);
  if (v < 1 || v != std::floor(v)) throw std::invalid_argument(std::string(what) + " '" + s + "' is not a positive integer");
  return static_cast<int>(v);
}

/// Draws a job type and converts a duration to steps with the reference GPU's throughput.
struct TypeDrawer {
  const ImportOptions& opt;
  sim::RandomStreams rs;
  std::vector<std::string> types;
  explicit TypeDrawer(const ImportOptions& o) : opt(o), rs(o.seed) {
    if (!o.table) throw InputError("importing this trace needs a throughput table (to draw job types)");
    types = o.table->job_types(o.gpu_types.empty() ? std::vector<std::string>{o.reference_gpu} : o.gpu_types);
    if (types.empty()) throw InputError("the throughput table has no job type that runs on the cluster's GPU types");
  }
  std::string draw() { return types[static_cast<std::size_t>(rs.uniform("job-type") * types.size())]; }
  double steps(const std::string& type, int gpus, double duration) const {
    auto r = opt.table->steps_per_s(opt.reference_gpu, type, gpus);
    if (!r) r = opt.table->steps_per_s(opt.reference_gpu, type, 1);
    if (!r) throw std::invalid_argument("job type '" + type + "' has no throughput on " + opt.reference_gpu);
    return std::max(1.0, std::round(*r * duration));
  }
};

std::vector<JobSpec> load_tsv(const std::filesystem::path& file, const ImportOptions& opt) {
  std::ifstream in(file);
  std::vector<JobSpec> jobs;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (trim(line).empty() || line[0] == '#') continue;
    try {
      jobs.push_back(parse_gavel_line(line, static_cast<int>(jobs.size())));
    } catch (const std::invalid_argument& e) {
      throw InputError(file.string() + ":" + std::to_string(lineno) + ": " + e.what());
    }
    if (opt.max_jobs > 0 && static_cast<int>(jobs.size()) >= opt.max_jobs) break;
  }
  return jobs;
}

double parse_time(const std::string& s) {
  std::tm tm{};
  std::istringstream ss(s);
  ss >> std::get_time(&tm, "%Y-%m-%d %H:%M:%S");
  if (ss.fail()) throw std::invalid_argument("time '" + s + "' is not YYYY-MM-DD HH:MM:SS");
  return static_cast<double>(timegm(&tm));
}

std::vector<JobSpec> load_philly(const std::filesystem::path& file, const ImportOptions& opt) {
  std::ifstream in(file);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_array()) throw InputError(file.string() + ": not a JSON array of Philly jobs");
  TypeDrawer draw(opt);
  struct Raw {
    double submit, runtime;
    int gpus;
  };
  std::vector<Raw> raw;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto& e = j[i];
    try {
      if (!e.is_object()) throw std::invalid_argument("not an object");
      for (const char* f : {"num_gpus", "runtime", "submitted_time"})
        if (!e.contains(f)) throw std::invalid_argument(std::string("missing field '") + f + "'");
      if (!e["num_gpus"].is_number_integer() || e["num_gpus"].get<int>() < 1)
        throw std::invalid_argument("'num_gpus' is not a positive integer");
      if (!e["runtime"].is_number() || !(e["runtime"].get<double>() > 0))
        throw std::invalid_argument("'runtime' (minutes) is not a positive number");
      if (!e["submitted_time"].is_string()) throw std::invalid_argument("'submitted_time' is not a string");
      raw.push_back({parse_time(e["submitted_time"].get<std::string>()), e["runtime"].get<double>() * 60,
                     e["num_gpus"].get<int>()});
    } catch (const std::exception& ex) {
      throw InputError(file.string() + ": job [" + std::to_string(i) + "]: " + ex.what());
    }
  }
  std::stable_sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) { return a.submit < b.submit; });
  std::vector<JobSpec> jobs;
  for (const Raw& r : raw) {
    if (opt.max_jobs > 0 && static_cast<int>(jobs.size()) >= opt.max_jobs) break;
    JobSpec s;
    s.id = static_cast<int>(jobs.size());
    s.job_type = draw.draw();
    s.num_gpus = r.gpus;
    s.arrival = r.submit - raw.front().submit;
    s.duration = r.runtime;
    s.total_steps = draw.steps(s.job_type, s.num_gpus, r.runtime);
    jobs.push_back(s);
  }
  return jobs;
}

std::vector<JobSpec> load_csv(const std::filesystem::path& file, const ImportOptions& opt) {
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line)) throw InputError(file.string() + ":1: empty file; expected a header row");
  const auto header = split(line, ',');
  auto col = [&](const char* name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (trim(header[i]) == name) return static_cast<int>(i);
    return -1;
  };
  const int c_id = col("job_id"), c_sub = col("submission_time"), c_dur = col("duration"), c_gpu = col("num_gpu"),
            c_type = col("job_type"), c_mode = col("mode");
  if (c_id < 0 || c_sub < 0 || c_dur < 0 || c_gpu < 0) {
    throw InputError(file.string() + ":1: header must name job_id, submission_time, duration, num_gpu "
                     "(optionally job_type, mode); got '" + trim(line) + "'");
  }
  TypeDrawer draw(opt);
  std::vector<JobSpec> jobs;
  int lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    if (trim(line).empty()) continue;
    const auto f = split(line, ',');
    try {
      if (f.size() != header.size()) {
        throw std::invalid_argument("expected " + std::to_string(header.size()) + " columns, got " +
                                    std::to_string(f.size()));
      }
      JobSpec s;
      s.id = static_cast<int>(jobs.size());
      s.arrival = number(f[c_sub], "submission_time");
      if (s.arrival < 0) throw std::invalid_argument("submission_time is negative");
      s.duration = number(f[c_dur], "duration");
      if (!(s.duration > 0)) throw std::invalid_argument("duration must be > 0 seconds");
      s.num_gpus = positive_int(f[c_gpu], "num_gpu");
      s.job_type = c_type >= 0 && !trim(f[c_type]).empty() ? trim(f[c_type]) : draw.draw();
      if (c_mode >= 0 && !trim(f[c_mode]).empty()) s.mode = mode_from_string(trim(f[c_mode]));
      if (!opt.table->steps_per_s(opt.reference_gpu, s.job_type, 1))
        throw std::invalid_argument("job_type '" + s.job_type + "' is not in the throughput table");
      s.total_steps = draw.steps(s.job_type, s.num_gpus, s.duration);
      jobs.push_back(s);
    } catch (const std::invalid_argument& e) {
      throw InputError(file.string() + ":" + std::to_string(lineno) + ": " + e.what());
    }
    if (opt.max_jobs > 0 && static_cast<int>(jobs.size()) >= opt.max_jobs) break;
  }
  return jobs;
}

}  // namespace

JobSpec parse_gavel_line(const std::string& raw, int id) {
  std::string line = raw;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto f = split(line, '\t');
  JobSpec s;
  s.id = id;
  s.job_type = trim(f.empty() ? "" : f[0]);
  if (s.job_type.empty()) throw std::invalid_argument("empty job type in column 1");
  switch (f.size()) {
    case 7:  // job_type, command, num_steps_arg, needs_data_dir, total_steps, arrival_time, scale_factor
      s.total_steps = number(f[4], "total_steps (column 5)");
      s.arrival = number(f[5], "arrival_time (column 6)");
      s.num_gpus = positive_int(f[6], "scale_factor (column 7)");
      break;
    case 10:  // ..., working_directory, num_steps_arg, needs_data_dir, total_steps, scale_factor, priority, SLO, arrival
      s.total_steps = number(f[5], "total_steps (column 6)");
      s.num_gpus = positive_int(f[6], "scale_factor (column 7)");
      s.arrival = number(f[9], "arrival_time (column 10)");
      break;
    case 12:  // Shockwave: ..., scale_factor, mode, priority, SLO, duration, arrival
      s.total_steps = number(f[5], "total_steps (column 6)");
      s.num_gpus = positive_int(f[6], "scale_factor (column 7)");
      try {
        s.mode = mode_from_string(trim(f[7]));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("column 8: ") + e.what());
      }
      s.duration = number(f[10], "duration (column 11)");
      s.arrival = number(f[11], "arrival_time (column 12)");
      break;
    default:
      throw std::invalid_argument("expected 7 (Gavel), 10 (Gavel physical) or 12 (Shockwave) tab-separated columns, got " +
                                  std::to_string(f.size()));
  }
  if (!(s.total_steps > 0)) throw std::invalid_argument("total_steps must be > 0");
  if (s.arrival < 0) throw std::invalid_argument("arrival_time is negative");
  return s;
}

std::vector<JobSpec> load_trace(const std::filesystem::path& file, const ImportOptions& opt) {
  if (!std::filesystem::is_regular_file(file)) throw InputError(file.string() + ": no such trace file");
  std::string fmt = opt.format;
  if (fmt == "auto") {
    const auto ext = file.extension().string();
    fmt = ext == ".json" ? "philly" : ext == ".csv" ? "csv" : "gavel";
  }
  std::vector<JobSpec> jobs;
  if (fmt == "gavel" || fmt == "shockwave") jobs = load_tsv(file, opt);
  else if (fmt == "philly") jobs = load_philly(file, opt);
  else if (fmt == "csv") jobs = load_csv(file, opt);
  else throw InputError("parameter 'trace_format': '" + fmt + "' is not auto, gavel, shockwave, philly or csv");
  if (jobs.empty()) throw InputError(file.string() + ": the trace has no jobs");
  return jobs;
}

}  // namespace plab::cluster
