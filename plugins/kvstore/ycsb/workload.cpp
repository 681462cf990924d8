#include "plugins/kvstore/ycsb/workload.h"

#include <cstdlib>

#include "core/util/error.h"

namespace plab::ycsb {

const char* to_string(Op op) {
  switch (op) {
    case Op::Read: return "read";
    case Op::Update: return "update";
    case Op::Insert: return "insert";
    case Op::Scan: return "scan";
    case Op::ReadModifyWrite: return "rmw";
  }
  return "?";
}

std::filesystem::path workload_dir() {
  if (const char* env = std::getenv("PLAB_KV_YCSB_DIR")) return env;
  std::filesystem::path build(PLAB_KV_YCSB_DIR);
  if (std::filesystem::exists(build)) return build;
  return PLAB_KV_YCSB_INSTALL_DIR;
}

WorkloadSpec WorkloadSpec::from_properties(const Properties& p) {
  WorkloadSpec w;
  auto fraction = [&](const char* key, double fallback) {
    double v = p.get_double(key, fallback);
    if (v < 0 || v > 1) throw InputError(p.origin() + ": '" + key + "' must be in [0, 1], got " + std::to_string(v));
    return v;
  };
  auto positive = [&](const char* key, long long fallback) {
    long long v = p.get_int(key, fallback);
    if (v <= 0) throw InputError(p.origin() + ": '" + key + "' must be positive, got " + std::to_string(v));
    return static_cast<std::uint64_t>(v);
  };
  w.record_count = positive("recordcount", 1000);
  w.operation_count = positive("operationcount", 1000);
  w.read = fraction("readproportion", 0.95);
  w.update = fraction("updateproportion", 0.05);
  w.insert = fraction("insertproportion", 0);
  w.scan = fraction("scanproportion", 0);
  w.rmw = fraction("readmodifywriteproportion", 0);
  if (w.read + w.update + w.insert + w.scan + w.rmw <= 0) {
    throw InputError(p.origin() + ": the operation proportions add up to 0 (expected read/update/insert/scan/"
                     "readmodifywrite proportions with a positive sum)");
  }
  const std::string dist = p.get("requestdistribution", "uniform");
  if (dist == "zipfian") w.distribution = Distribution::Zipfian;
  else if (dist == "uniform") w.distribution = Distribution::Uniform;
  else if (dist == "latest") w.distribution = Distribution::Latest;
  else {
    throw InputError(p.origin() + ": 'requestdistribution' must be zipfian, uniform or latest, got '" + dist + "'");
  }
  w.zipf_theta = p.get_double("zipfianconstant", 0.99);
  if (w.zipf_theta <= 0 || w.zipf_theta >= 1) throw InputError(p.origin() + ": 'zipfianconstant' must be in (0, 1)");
  w.max_scan_length = static_cast<std::uint32_t>(positive("maxscanlength", 1000));
  w.value_size = static_cast<std::uint32_t>(positive("fieldcount", 10) * positive("fieldlength", 100));
  const std::string order = p.get("insertorder", "hashed");
  if (order != "hashed" && order != "ordered") {
    throw InputError(p.origin() + ": 'insertorder' must be hashed or ordered, got '" + order + "'");
  }
  w.hashed_inserts = order == "hashed";
  return w;
}

WorkloadSpec WorkloadSpec::load(const std::string& name_or_path) {
  std::filesystem::path file = name_or_path;
  std::string name = name_or_path;
  if (name_or_path.size() == 1 && name_or_path[0] >= 'a' && name_or_path[0] <= 'f') {
    file = workload_dir() / ("workload" + name_or_path);
    name = std::string("ycsb-") + name_or_path;
  }
  WorkloadSpec w = from_properties(Properties::load(file));
  w.name = name;
  return w;
}

Op WorkloadSpec::choose(double u) const {
  const double total = read + update + insert + scan + rmw;
  double x = u * total;
  if ((x -= read) < 0) return Op::Read;
  if ((x -= update) < 0) return Op::Update;
  if ((x -= insert) < 0) return Op::Insert;
  if ((x -= scan) < 0) return Op::Scan;
  return rmw > 0 ? Op::ReadModifyWrite : Op::Read;
}

std::string WorkloadSpec::key(std::uint64_t n) const {
  const std::uint64_t k = hashed_inserts ? fnv_hash64(n) : n;
  if (key_size < 8) return "user" + std::to_string(k);
  std::string s(key_size, '0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((k >> (56 - 8 * i)) & 0xff);
  return s;
}

}  // namespace plab::ycsb
