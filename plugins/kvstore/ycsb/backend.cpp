#include "plugins/kvstore/ycsb/backend.h"

#include <sys/stat.h>

#include <fstream>

#include "core/util/error.h"

namespace plab::ycsb {

std::unique_ptr<Backend> make_f2_backend();
#ifdef PLAB_KV_HAVE_ROCKSDB
std::unique_ptr<Backend> make_rocksdb_backend();
#endif
#ifdef PLAB_KV_HAVE_LMDB
std::unique_ptr<Backend> make_lmdb_backend();
#endif

void BackendSession::run_batch(std::vector<BatchOp>& ops, const BatchRmwFn& fn) {
  for (BatchOp& op : ops) {
    switch (op.kind) {
      case BatchOp::Kind::Read:
        op.found = read(op.key, op.value);
        break;
      case BatchOp::Kind::Write:
        write(op.key, op.value);
        break;
      case BatchOp::Kind::Rmw:
        op.found = false;
        rmw(op.key, [&](const std::string* old, std::string& out) {
          op.found = old != nullptr;
          fn(op, old, out);
        });
        break;
    }
  }
}

std::vector<std::string> available_backends() {
  std::vector<std::string> v{"f2"};
#ifdef PLAB_KV_HAVE_ROCKSDB
  v.push_back("rocksdb");
#endif
#ifdef PLAB_KV_HAVE_LMDB
  v.push_back("lmdb");
#endif
  return v;
}

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "f2") return make_f2_backend();
#ifdef PLAB_KV_HAVE_ROCKSDB
  if (name == "rocksdb") return make_rocksdb_backend();
#endif
#ifdef PLAB_KV_HAVE_LMDB
  if (name == "lmdb") return make_lmdb_backend();
#endif
  std::string known;
  for (const auto& b : available_backends()) known += (known.empty() ? "" : ", ") + b;
  throw InputError("backend '" + name + "' is not available in this build (expected one of: " + known + ")");
}

std::pair<std::uint64_t, std::uint64_t> process_io_bytes() {
  std::ifstream in("/proc/self/io");
  std::string key;
  std::uint64_t value = 0, r = 0, w = 0;
  while (in >> key >> value) {
    if (key == "read_bytes:") r = value;
    if (key == "write_bytes:") w = value;
  }
  return {r, w};
}

std::uint64_t disk_usage(const std::filesystem::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    struct stat st{};
    if (it->is_regular_file(ec) && ::stat(it->path().c_str(), &st) == 0) total += static_cast<std::uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

}  // namespace plab::ycsb
