// The address cache's rules: the background thread's set() always wins; a reader's install() is
// refused once the bucket changed after its lookup (so a reader that raced with a newer link
// cannot put the older address back); full buckets replace by CLOCK; addresses that
// cannot be encoded are never served; addresses are kept modulo 2^28 units and read relative to
// the log's begin, and sweep() drops those below the next begin.
#include <gtest/gtest.h>

#include "plugins/kvstore/store/address_cache.h"
#include "plugins/kvstore/store/options.h"

namespace plab::kv {
namespace {

// Hashes that share a bucket in a one-bucket cache and differ in their tag (bits 16-27).
std::uint64_t key_hash(std::uint64_t i) { return (i + 1) << 16; }

TEST(AddressCache, SetThenLookupAndForget) {
  AddressCache c(64);
  ASSERT_TRUE(c.enabled());
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 0u);
  c.set(key_hash(1), 4096, 0);
  c.set(key_hash(2), 8192, 0);
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 4096u);
  EXPECT_EQ(c.lookup(key_hash(2), 0).addr, 8192u);
  c.set(key_hash(1), 12288, 0);  // a newer version was linked
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 12288u);
  c.set(key_hash(1), 0, 0);  // forgotten
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(2), 0).addr, 8192u);
}

TEST(AddressCache, InstallRefusedAfterTheBucketChanged) {
  AddressCache c(64);
  const AddressCache::Probe stale = c.lookup(key_hash(1), 0);
  c.set(key_hash(1), 16384, 0);  // migration links a newer version meanwhile
  c.install(key_hash(1), 8, stale, 0, 0);  // the reader found the older record through the chunk
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 16384u);
  // An unchanged bucket takes the install.
  const AddressCache::Probe fresh = c.lookup(key_hash(3), 0);
  c.install(key_hash(3), 24576, fresh, 0, 0);
  EXPECT_EQ(c.lookup(key_hash(3), 0).addr, 24576u);
  // A probe may be used once: the install itself changed the bucket.
  c.install(key_hash(4), 32768, fresh, 0, 0);
  EXPECT_EQ(c.lookup(key_hash(4), 0).addr, 0u);
}

TEST(AddressCache, FullBucketReplacesInTurn) {
  AddressCache c(64);
  for (std::uint64_t i = 0; i < AddressCache::kWays; ++i) c.set(key_hash(i), 8 * (i + 1), 0);
  for (std::uint64_t i = 0; i < AddressCache::kWays; ++i) EXPECT_EQ(c.lookup(key_hash(i), 0).addr, 8 * (i + 1)) << i;
  c.set(key_hash(100), 800, 0);  // replaces the first entry
  c.set(key_hash(101), 808, 0);  // then the second
  EXPECT_EQ(c.lookup(key_hash(0), 0).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(2), 0).addr, 24u);
  EXPECT_EQ(c.lookup(key_hash(100), 0).addr, 800u);
  EXPECT_EQ(c.lookup(key_hash(101), 0).addr, 808u);
}

TEST(AddressCache, EntriesReadSinceTheHandPassedAreSpared) {
  AddressCache c(64);
  for (std::uint64_t i = 0; i < AddressCache::kWays; ++i) c.set(key_hash(i), 8 * (i + 1), 0);
  EXPECT_EQ(c.lookup(key_hash(0), 0).addr, 8u);  // key 0 is read: referenced
  c.set(key_hash(100), 800, 0);                  // the hand passes key 0 (clearing it), takes key 1
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(100), 0).addr, 800u);
  c.set(key_hash(101), 808, 0);  // key 2 (unreferenced) goes next, not key 0
  EXPECT_EQ(c.lookup(key_hash(2), 0).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(0), 0).addr, 8u);
  EXPECT_EQ(c.lookup(key_hash(3), 0).addr, 32u);
}

TEST(AddressCache, UnencodableAddressesAreNotServed) {
  AddressCache c(64);
  c.set(key_hash(1), 4096, 0);
  c.set(key_hash(1), std::uint64_t(3) << 30, 0);  // 3 GiB after begin: beyond 2^28 8-byte units, forgets
  EXPECT_EQ(c.lookup(key_hash(1), 0).addr, 0u);
  c.install(key_hash(2), 4100, c.lookup(key_hash(2), 0), 0, 0);  // not 8-byte aligned
  EXPECT_EQ(c.lookup(key_hash(2), 0).addr, 0u);
  AddressCache off(0);
  EXPECT_FALSE(off.enabled());
  off.set(key_hash(1), 4096, 0);
  EXPECT_EQ(off.lookup(key_hash(1), 0).addr, 0u);
  EXPECT_EQ(off.memory_bytes(), 0u);
}

TEST(AddressCache, AddressesAreReadRelativeToTheLogsBegin) {
  AddressCache c(64);
  const std::uint64_t gib = std::uint64_t(1) << 30;
  const std::uint64_t begin = 37 * gib + 4096;  // far beyond 2^28 units: only the offset is kept
  c.set(key_hash(1), begin + 8, begin);
  c.set(key_hash(2), begin + gib + 512, begin);
  c.set(key_hash(3), begin + 2 * gib, begin);  // 2^28 units after begin: not cached
  EXPECT_EQ(c.lookup(key_hash(1), begin).addr, begin + 8);
  EXPECT_EQ(c.lookup(key_hash(2), begin).addr, begin + gib + 512);
  EXPECT_EQ(c.lookup(key_hash(3), begin).addr, 0u);
  // The begin moves on (the entry's units wrapped at 38 GiB, a multiple of 2 GiB): it still reads right.
  const std::uint64_t later = begin + gib;
  EXPECT_EQ(c.lookup(key_hash(2), later).addr, begin + gib + 512);
  // An address below begin is refused.
  c.install(key_hash(4), later - 8, c.lookup(key_hash(4), later), later, later);
  EXPECT_EQ(c.lookup(key_hash(4), later).addr, 0u);
}

TEST(AddressCache, SweepDropsEntriesBelowTheNewBeginAndFailsOpenInstalls) {
  AddressCache c(64);
  const std::uint64_t begin = 4096;
  c.set(key_hash(1), begin + 8, begin);
  c.set(key_hash(2), begin + 8192, begin);
  c.set(key_hash(3), begin + 65536, begin);
  const AddressCache::Probe open = c.lookup(key_hash(5), begin);
  c.sweep(begin, begin + 16384);
  const std::uint64_t next = begin + 16384;
  EXPECT_EQ(c.lookup(key_hash(1), next).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(2), next).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(3), next).addr, begin + 65536);
  // A reader that looked before the sweep found its record through a chunk that may be compacted
  // away: its install is refused.
  c.install(key_hash(5), next + 512, open, next, next);
  EXPECT_EQ(c.lookup(key_hash(5), next).addr, 0u);
  // The swept slots are free again: twelve more keys fit without replacing key 3.
  for (std::uint64_t i = 10; i < 10 + AddressCache::kWays - 1; ++i) c.set(key_hash(i), next + 8 * i, next);
  EXPECT_EQ(c.lookup(key_hash(3), next).addr, begin + 65536);
  EXPECT_EQ(c.lookup(key_hash(10), next).addr, next + 80);
}

TEST(AddressCache, TwelveFiveByteEntriesPerBucket) {
  EXPECT_EQ(AddressCache::kWays, 12u);
  // Room for every key at a 70 % load: 1.43 * 64 / 12 bytes per key.
  EXPECT_EQ(AddressCache::max_bytes(840000), (840000 * 10 / 7 / 12 + 1) * 64);
  EXPECT_LT(AddressCache::max_bytes(1000000) / 1000000.0, 7.7);
}

TEST(AddressCache, AutomaticShareOfTheBudget) {
  Options o;  // address_cache_fraction < 0: automatic
  o.expected_keys = 400000;
  o.memory_budget = 4920000;  // the bench: 10 % of 400,000 124-byte records
  EXPECT_DOUBLE_EQ(address_cache_share(o), 0.45);  // every key needs 2.13 MB, 43 %: the floor
  o.memory_budget = 2460000;  // 5 %: every key would need 87 %
  EXPECT_DOUBLE_EQ(address_cache_share(o), 0.70);
  o.memory_budget = 3690000;  // 7.5 %: what holds every key, 58 %
  EXPECT_NEAR(address_cache_share(o), 400000 * 64.0 / 12 / 3690000, 1e-12);
  o.memory_budget = 2460000;
  o.read_cache_fraction = 0.30;  // never more than leaves 10 % after the other caches
  EXPECT_DOUBLE_EQ(address_cache_share(o), 0.60);
  o.address_cache_fraction = 0.2;  // set: taken as given
  EXPECT_DOUBLE_EQ(address_cache_share(o), 0.2);
  o.address_cache_fraction = 0;
  EXPECT_DOUBLE_EQ(address_cache_share(o), 0.0);
}

TEST(AddressCache, InstallRefusedBelowTheFloorOrUnderANewerAddress) {
  AddressCache c(64);
  const std::uint64_t gib = std::uint64_t(1) << 30;
  const std::uint64_t begin = 4 * gib, until = begin + 65536;
  // A compaction raised the floor to `until`; the begin has not moved yet.
  c.install(key_hash(1), begin + 4096, c.lookup(key_hash(1), begin), begin, until);  // below the floor
  EXPECT_EQ(c.lookup(key_hash(1), begin).addr, 0u);
  // Kept relative to the begin, not the floor: an address 2 GiB past the begin is refused, where
  // relative to the floor it would be stored and read back 2 GiB lower by readers at `begin`.
  c.install(key_hash(2), begin + 2 * gib + 4096, c.lookup(key_hash(2), begin), begin, until);
  EXPECT_EQ(c.lookup(key_hash(2), begin).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(2), until).addr, 0u);
  // A newer version (higher address) in the bucket is not replaced by an older one, even by a
  // probe whose version still matches (as after a wrapped 16-bit version).
  c.set(key_hash(3), until + 8192, begin);
  const AddressCache::Probe p = c.lookup(key_hash(3), begin);
  c.install(key_hash(3), until + 512, p, begin, until);
  EXPECT_EQ(c.lookup(key_hash(3), begin).addr, until + 8192);
  // An install at or above the floor and above the entry goes in.
  c.install(key_hash(3), until + 16384, c.lookup(key_hash(3), begin), begin, until);
  EXPECT_EQ(c.lookup(key_hash(3), begin).addr, until + 16384);
}

}  // namespace
}  // namespace plab::kv
