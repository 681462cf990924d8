// Randomised differential test: a million mixed operations (upserts of varying sizes, reads,
// read-modify-writes, deletes) against the store and an in-memory model, with a memory budget
// so small that the hot log migrates to the cold log, and the cold and chunk logs compact, many
// times. Every read is compared; at the end every key and a full scan are compared, then again
// after a checkpoint and reopen.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string_view>
#include <vector>

#include "plugins/kvstore/store/kv_store.h"
#include "plugins/kvstore/tests/test_dir.h"

namespace plab::kv {
namespace {

std::string make_value(std::mt19937_64& rng, std::uint64_t i) {
  std::string v = "v" + std::to_string(i) + ":";
  v.resize(8 + rng() % 40, static_cast<char>('a' + i % 26));
  return v;
}

void bump(const std::string* old, std::string& out) {
  // RMW: a counter prefix plus the old payload (its length changes sometimes).
  std::uint64_t c = old ? std::stoull(old->substr(1, old->find(':') - 1)) + 1 : 1;
  out = "v" + std::to_string(c) + ":" + (old ? old->substr(old->find(':') + 1) : std::string("new"));
}

void expect_same(KvStore& store, const std::map<std::string, std::string>& model, int keys) {
  auto s = store.session();
  std::string v;
  for (int k = 0; k < keys; ++k) {
    const std::string key = "key" + std::to_string(k);
    auto it = model.find(key);
    Status st = s->read(key, v);
    if (it == model.end()) {
      ASSERT_EQ(st, Status::NotFound) << key;
    } else {
      ASSERT_EQ(st, Status::Ok) << key;
      ASSERT_EQ(v, it->second) << key;
    }
  }
  // The same through batched (asynchronous) reads, 64 keys at a time.
  std::vector<std::string> names;
  std::vector<std::string_view> batch;
  std::vector<std::string> values;
  std::vector<Status> status;
  for (int k0 = 0; k0 < keys; k0 += 64) {
    names.clear();
    for (int k = k0; k < std::min(keys, k0 + 64); ++k) names.push_back("key" + std::to_string(k));
    batch.assign(names.begin(), names.end());
    s->read_batch(batch, values, status);
    ASSERT_EQ(status.size(), names.size());
    for (std::size_t j = 0; j < names.size(); ++j) {
      auto it = model.find(names[j]);
      if (it == model.end()) {
        ASSERT_EQ(status[j], Status::NotFound) << "batch " << names[j];
      } else {
        ASSERT_EQ(status[j], Status::Ok) << "batch " << names[j];
        ASSERT_EQ(values[j], it->second) << "batch " << names[j];
      }
    }
  }
  std::map<std::string, std::string> scanned;
  ASSERT_EQ(store.scan([&](std::string_view k, std::string_view val) {
    EXPECT_TRUE(scanned.emplace(std::string(k), std::string(val)).second) << "scan returned " << k << " twice";
  }), Status::Ok);
  EXPECT_EQ(scanned, model);
}

/// The cache split of a differential run (negative: the store's defaults).
struct Split {
  double chunk_cache = -1, address_cache = -1;
};

/// `ops` mixed operations on 30,000 keys against the model, across migrations and compactions,
/// then the whole store compared with the model, and again after a reopen. `stats`: the store's counters.
void run_differential(const char* name, std::uint64_t expected_keys, std::uint64_t ops, KvStats& stats,
                      Split split = {}) {
  test::ScratchDir dir(name, true);
  Options o;
  o.dir = dir.path;
  o.memory_budget = 1536 << 10;
  o.expected_keys = expected_keys;
  o.expected_kv_bytes = 40;
  o.max_kv_bytes = 256;
  o.cold_log_budget = 1 << 20;
  o.background = false;  // compaction driven below, so the run is deterministic
  if (split.chunk_cache >= 0) o.chunk_cache_fraction = split.chunk_cache;
  if (split.address_cache >= 0) o.address_cache_fraction = split.address_cache;
  const int keys = 30000;
  auto store = KvStore::open(o);
  auto s = store->session();
  std::map<std::string, std::string> model;
  std::mt19937_64 rng(42);
  std::string v;
  for (std::uint64_t i = 0; i < ops; ++i) {
    // Skewed keys: a hot tenth takes half of the operations.
    const int k = (rng() % 2) ? static_cast<int>(rng() % (keys / 10)) : static_cast<int>(rng() % keys);
    const std::string key = "key" + std::to_string(k);
    const unsigned r = rng() % 100;
    if (r < 35) {
      const std::string val = make_value(rng, i);
      ASSERT_EQ(s->upsert(key, val), Status::Ok);
      model[key] = val;
    } else if (r < 50) {
      ASSERT_EQ(s->rmw(key, bump), Status::Ok);
      auto it = model.find(key);
      std::string out;
      bump(it == model.end() ? nullptr : &it->second, out);
      model[key] = out;
    } else if (r < 58) {
      ASSERT_EQ(s->remove(key), Status::Ok);
      model.erase(key);
    } else if (r < 60) {
      // A batch of reads (FASTER's asynchronous reads), skewed like the rest.
      std::vector<std::string> names;
      for (int j = 0; j < 16; ++j) {
        const int kk = (rng() % 2) ? static_cast<int>(rng() % (keys / 10)) : static_cast<int>(rng() % keys);
        names.push_back("key" + std::to_string(kk));
      }
      std::vector<std::string_view> batch(names.begin(), names.end());
      std::vector<std::string> values;
      std::vector<Status> status;
      s->read_batch(batch, values, status);
      for (std::size_t j = 0; j < names.size(); ++j) {
        auto it = model.find(names[j]);
        if (it == model.end()) {
          ASSERT_EQ(status[j], Status::NotFound) << "op " << i << " batch " << names[j];
        } else {
          ASSERT_EQ(status[j], Status::Ok) << "op " << i << " batch " << names[j];
          ASSERT_EQ(values[j], it->second) << "op " << i << " batch " << names[j];
        }
      }
    } else {
      Status st = s->read(key, v);
      auto it = model.find(key);
      if (it == model.end()) {
        ASSERT_EQ(st, Status::NotFound) << "op " << i << " " << key;
      } else {
        ASSERT_EQ(st, Status::Ok) << "op " << i << " " << key;
        ASSERT_EQ(v, it->second) << "op " << i << " " << key;
      }
    }
    if (i % 2000 == 1999) store->compact_once(false);
    if (i % 250000 == 249999) store->compact_once(true);
  }
  stats = store->stats();
  const KvStats& st = stats;
  EXPECT_LE(st.memory_bytes, o.memory_budget + (64 << 10)) << "memory budget overrun";
  // Space is reclaimed: the files hold a small multiple of the live data.
  std::uint64_t live = 0;
  for (const auto& [k, val] : model) live += k.size() + val.size() + 24;
  EXPECT_LT(st.disk_space_bytes, 12 * live + (8 << 20));
  expect_same(*store, model, keys);

  store->checkpoint();
  s.reset();
  store.reset();
  store = KvStore::open(o);
  expect_same(*store, model, keys);
}

TEST(KvDifferential, MillionMixedOpsAcrossMigrationsAndCompactions) {
  // 4,000 expected keys for 30,000: every hash chunk is full (32 entries, shared fallbacks), too
  // full for the chunk cache's compact slots, so cold lookups read their chunk; the address cache
  // (sized for 4,000 keys) keeps replacing its entries.
  KvStats st;
  run_differential("differential", 4000, 1000000, st);
  if (HasFatalFailure()) return;
  EXPECT_GT(st.migrations, 20u);
  EXPECT_GT(st.cold_compactions, 3u);
  EXPECT_GT(st.chunk_compactions, 0u);
  EXPECT_GT(st.read_cache_hits, 0u);
  EXPECT_GT(st.cold_hits, 0u);
  EXPECT_GT(st.in_place_updates, 0u);
}

TEST(KvDifferential, ChunkCacheServesLookupsAcrossMigrations) {
  // Sized for the keys: chunks hold ~15 entries, so most fit the compact cache slots and cold
  // lookups (and migration's chunk edits) are served from the cache while chunks keep changing.
  KvStats st;
  run_differential("differential-cc", 30000, 400000, st, Split{0.4, 0.0});
  if (HasFatalFailure()) return;
  EXPECT_GT(st.migrations, 5u);
  EXPECT_GT(st.cold_hits, 0u);
  EXPECT_GT(st.chunk_cache_hits, st.chunk_disk_lookups / 4) << "the chunk cache should serve many cold lookups: " << st.chunk_cache_hits << " hits, "
      << st.chunk_disk_lookups << " chunk reads";
}

TEST(KvDifferential, AddressCacheServesColdReadsAcrossMigrations) {
  // The default split (address cache on, chunk cache off), sized for the keys: cold reads take
  // their record's address from the cache while migrations and compactions keep moving the
  // records (and sweeps drop what compactions free), so an entry left stale by a link would
  // return an old value here. Against the same run without the cache: far fewer chunk reads.
  KvStats st, off;
  run_differential("differential-ac", 30000, 400000, st, Split{0.0, 0.45});
  if (HasFatalFailure()) return;
  run_differential("differential-no-ac", 30000, 400000, off, Split{0.0, 0.0});
  if (HasFatalFailure()) return;
  EXPECT_GT(st.migrations, 5u);
  EXPECT_GT(st.cold_compactions, 0u);
  EXPECT_EQ(st.chunk_cache_hits, 0u);
  EXPECT_EQ(off.address_cache_hits, 0u);
  // Measured: 23,705 chunk reads against 74,685 (49,718 of 100,098 cold lookups hit; the rest
  // include reads of deleted keys, which no cache can serve).
  EXPECT_LT(st.chunk_disk_lookups * 2, off.chunk_disk_lookups)
      << "the address cache should spare most chunk reads: " << st.chunk_disk_lookups << " with it, "
      << off.chunk_disk_lookups << " without (" << st.address_cache_hits << " hits, " << st.address_cache_misses << " misses)";
}

}  // namespace
}  // namespace plab::kv
