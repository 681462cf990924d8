#pragma once
// A YCSB core workload: operation mix, key distribution, sizes and counts, read from the
// standard properties (recordcount, operationcount, readproportion, updateproportion,
// insertproportion, scanproportion, readmodifywriteproportion, requestdistribution,
// zipfianconstant, maxscanlength, fieldcount, fieldlength, insertorder).

#include <cstdint>
#include <filesystem>
#include <string>

#include "plugins/kvstore/ycsb/generators.h"
#include "plugins/kvstore/ycsb/properties.h"

namespace plab::ycsb {

enum class Op { Read, Update, Insert, Scan, ReadModifyWrite };
inline constexpr int kOpKinds = 5;
const char* to_string(Op op);

/// Everything that defines a workload run.
struct WorkloadSpec {
  std::string name = "custom";
  std::uint64_t record_count = 1000;
  std::uint64_t operation_count = 1000;
  double read = 0.95, update = 0.05, insert = 0, scan = 0, rmw = 0;
  Distribution distribution = Distribution::Zipfian;
  double zipf_theta = 0.99;
  std::uint32_t max_scan_length = 100;
  std::uint32_t key_size = 0;     // 0: YCSB's "user<number>" keys; >= 8: fixed-size binary keys
  std::uint32_t value_size = 1000;  // YCSB: fieldcount * fieldlength
  bool hashed_inserts = true;     // insertorder=hashed

  /// Reads the spec from properties; throws InputError naming the file, line and key.
  static WorkloadSpec from_properties(const Properties& p);
  /// "a".."f" names the shipped copy of core workload A..F; anything else is a file path.
  static WorkloadSpec load(const std::string& name_or_path);
  /// Draws an operation kind.
  Op choose(double u) const;
  /// The key of record number `n`.
  std::string key(std::uint64_t n) const;
};

/// Folder with the shipped workload files (data/ycsb), from the build or install tree.
std::filesystem::path workload_dir();

}  // namespace plab::ycsb
