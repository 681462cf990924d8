// Corrupted and truncated files: a store is built (part of it migrated to the cold log, part in
// the hot log on disk), checkpointed and closed; then one file is damaged. Opening must either
// refuse with a KvError naming the file, or reads of the damaged record must report Corruption;
// damaged bytes are never returned as a value.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/tests/test_dir.h"

namespace plab::kv {
namespace {

constexpr int kOld = 3000;  // keys written first (migrated to the cold log)
constexpr int kNew = 600;   // keys written after migration (in the hot log)

std::string value_of(int k) {
  std::string v = "value-" + std::to_string(k) + "-";
  v.resize(60, static_cast<char>('A' + k % 26));
  return v;
}

Options options(const std::filesystem::path& dir) {
  Options o;
  o.dir = dir;
  o.memory_budget = 1 << 20;
  o.expected_keys = kOld + kNew;
  o.expected_kv_bytes = 72;
  o.max_kv_bytes = 256;
  o.background = false;
  return o;
}

void build(const std::filesystem::path& dir) {
  auto store = KvStore::open(options(dir));
  auto s = store->session();
  for (int k = 0; k < kOld; ++k) ASSERT_EQ(s->upsert("key" + std::to_string(k), value_of(k)), Status::Ok);
  // Filler traffic on other keys (two sizes, so nothing is updated in place) pushes those records
  // out of the hot log's memory, so that migration can move them to the cold log.
  for (int pass = 0; pass < 2; ++pass) {
    for (int k = 0; k < kOld; ++k) {
      ASSERT_EQ(s->upsert("filler" + std::to_string(k), std::string(200 + 8 * pass, 'f')), Status::Ok);
    }
  }
  store->checkpoint();
  // Migrate the oldest fifth of the hot log at a time until the final values reach the cold log.
  for (int i = 0; i < 40 && store->stats().migrated_records < kOld / 2; ++i) store->compact_once(true);
  ASSERT_GT(store->stats().migrated_records, 0u) << "hot log " << store->stats().hot_log_bytes;
  for (int k = kOld; k < kOld + kNew; ++k) ASSERT_EQ(s->upsert("key" + std::to_string(k), value_of(k)), Status::Ok);
  store->checkpoint();
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Flips one byte inside the newest copy of key k's value in `file`; false when it is not there.
bool flip_value(const std::filesystem::path& file, int k) {
  std::string bytes = slurp(file);
  const std::size_t at = bytes.rfind(value_of(k));
  if (at == std::string::npos) return false;
  bytes[at + 30] ^= 0x20;
  spit(file, bytes);
  return true;
}

/// Opens the damaged store: either open throws naming `file`, or reading every key gives its
/// value, NotFound never, and Corruption at least for `damaged` (when >= 0). Returns the number
/// of Corruption results (-1 when open refused).
int check_damaged(const std::filesystem::path& dir, const std::string& file, int damaged) {
  std::unique_ptr<KvStore> store;
  try {
    store = KvStore::open(options(dir));
  } catch (const KvError& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << "error does not name " << file << ": " << e.what();
    return -1;
  }
  auto s = store->session();
  std::string v;
  int corrupt = 0;
  for (int k = 0; k < kOld + kNew; ++k) {
    const Status st = s->read("key" + std::to_string(k), v);
    if (st == Status::Corruption) {
      ++corrupt;
      continue;
    }
    EXPECT_EQ(st, Status::Ok) << "key " << k;
    if (st == Status::Ok) {
      EXPECT_EQ(v, value_of(k)) << "key " << k << " returned damaged bytes";
    }
  }
  if (damaged >= 0) {
    EXPECT_EQ(s->read("key" + std::to_string(damaged), v), Status::Corruption);
  }
  return corrupt;
}

class KvCorruption : public ::testing::Test {
 protected:
  void SetUp() override { build(dir.path); }
  test::ScratchDir dir{"corruption"};
};

TEST_F(KvCorruption, IntactStoreReadsBack) { EXPECT_EQ(check_damaged(dir.path, "", -1), 0); }

TEST_F(KvCorruption, FlippedByteInColdLogIsReportedOnRead) {
  // A key whose newest value was migrated to the cold log.
  const std::string cold = slurp(dir.path / "cold.log");
  int k = 0;
  while (k < kOld && cold.find(value_of(k)) == std::string::npos) ++k;
  ASSERT_LT(k, kOld) << "no final value reached the cold log";
  ASSERT_TRUE(flip_value(dir.path / "cold.log", k));
  EXPECT_EQ(check_damaged(dir.path, "cold.log", k), 1);
}

TEST_F(KvCorruption, FlippedByteInHotLogIsDetected) {
  ASSERT_TRUE(flip_value(dir.path / "hot.log", kOld + 5));
  EXPECT_NE(check_damaged(dir.path, "hot.log", -1), 0);  // refused at open, or reported on read
}

TEST_F(KvCorruption, TruncatedHotLogIsRefused) {
  const auto p = dir.path / "hot.log";
  std::filesystem::resize_file(p, std::filesystem::file_size(p) / 2);
  EXPECT_EQ(check_damaged(dir.path, "hot.log", -1), -1);
}

TEST_F(KvCorruption, TruncatedColdLogIsRefused) {
  const auto p = dir.path / "cold.log";
  std::filesystem::resize_file(p, std::filesystem::file_size(p) / 2);
  EXPECT_EQ(check_damaged(dir.path, "cold.log", -1), -1);
}

TEST_F(KvCorruption, DamagedChunkLogIsDetected) {
  const auto p = dir.path / "chunks.log";
  std::string bytes = slurp(p);
  const std::size_t end = bytes.find_last_not_of('\0');
  ASSERT_NE(end, std::string::npos);
  bytes[end - 40] ^= 0x5a;  // inside the newest hash chunk
  spit(p, bytes);
  EXPECT_NE(check_damaged(dir.path, "chunks.log", -1), 0);
}

TEST_F(KvCorruption, GarbageMetaFileIsRefused) {
  spit(dir.path / "meta", std::string(8192, 'x'));
  EXPECT_EQ(check_damaged(dir.path, "meta", -1), -1);
}

TEST_F(KvCorruption, EmptyMetaFileIsRefused) {
  spit(dir.path / "meta", "");
  EXPECT_EQ(check_damaged(dir.path, "meta", -1), -1);
}

}  // namespace
}  // namespace plab::kv
