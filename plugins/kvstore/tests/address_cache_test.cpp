// The address cache's rules: the background thread's set() always wins; a reader's install() is
// refused once the bucket changed after its lookup (so a reader that raced with a newer link
// cannot put the older address back); full buckets replace by CLOCK; addresses that
// cannot be encoded are never served.
#include <gtest/gtest.h>

#include "plugins/kvstore/store/address_cache.h"

namespace plab::kv {
namespace {

// Hashes that share a bucket in a one-bucket cache and differ in their tag (bits 16-31).
std::uint64_t key_hash(std::uint64_t i) { return (i + 1) << 16; }

TEST(AddressCache, SetThenLookupAndForget) {
  AddressCache c(64);
  ASSERT_TRUE(c.enabled());
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 0u);
  c.set(key_hash(1), 4096);
  c.set(key_hash(2), 8192);
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 4096u);
  EXPECT_EQ(c.lookup(key_hash(2)).addr, 8192u);
  c.set(key_hash(1), 12288);  // a newer version was linked
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 12288u);
  c.set(key_hash(1), 0);  // forgotten
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(2)).addr, 8192u);
}

TEST(AddressCache, InstallRefusedAfterTheBucketChanged) {
  AddressCache c(64);
  const AddressCache::Probe stale = c.lookup(key_hash(1));
  c.set(key_hash(1), 16384);  // migration links a newer version meanwhile
  c.install(key_hash(1), 8, stale);  // the reader found the older record through the chunk
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 16384u);
  // An unchanged bucket takes the install.
  const AddressCache::Probe fresh = c.lookup(key_hash(3));
  c.install(key_hash(3), 24576, fresh);
  EXPECT_EQ(c.lookup(key_hash(3)).addr, 24576u);
  // A probe may be used once: the install itself changed the bucket.
  c.install(key_hash(4), 32768, fresh);
  EXPECT_EQ(c.lookup(key_hash(4)).addr, 0u);
}

TEST(AddressCache, FullBucketReplacesInTurn) {
  AddressCache c(64);
  for (std::uint64_t i = 0; i < AddressCache::kWays; ++i) c.set(key_hash(i), 8 * (i + 1));
  for (std::uint64_t i = 0; i < AddressCache::kWays; ++i) EXPECT_EQ(c.lookup(key_hash(i)).addr, 8 * (i + 1)) << i;
  c.set(key_hash(100), 800);  // replaces the first entry
  c.set(key_hash(101), 808);  // then the second
  EXPECT_EQ(c.lookup(key_hash(0)).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(2)).addr, 24u);
  EXPECT_EQ(c.lookup(key_hash(100)).addr, 800u);
  EXPECT_EQ(c.lookup(key_hash(101)).addr, 808u);
}

TEST(AddressCache, EntriesReadSinceTheHandPassedAreSpared) {
  AddressCache c(64);
  for (std::uint64_t i = 0; i < AddressCache::kWays; ++i) c.set(key_hash(i), 8 * (i + 1));
  EXPECT_EQ(c.lookup(key_hash(0)).addr, 8u);  // key 0 is read: referenced
  c.set(key_hash(100), 800);                  // the hand passes key 0 (clearing it), takes key 1
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(100)).addr, 800u);
  c.set(key_hash(101), 808);  // key 2 (unreferenced) goes next, not key 0
  EXPECT_EQ(c.lookup(key_hash(2)).addr, 0u);
  EXPECT_EQ(c.lookup(key_hash(0)).addr, 8u);
  EXPECT_EQ(c.lookup(key_hash(3)).addr, 32u);
}

TEST(AddressCache, UnencodableAddressesAreNotServed) {
  AddressCache c(64);
  c.set(key_hash(1), 4096);
  c.set(key_hash(1), std::uint64_t(1) << 40);  // beyond 32 bits of 8-byte units: forgets
  EXPECT_EQ(c.lookup(key_hash(1)).addr, 0u);
  c.install(key_hash(2), 4100, c.lookup(key_hash(2)));  // not 8-byte aligned
  EXPECT_EQ(c.lookup(key_hash(2)).addr, 0u);
  AddressCache off(0);
  EXPECT_FALSE(off.enabled());
  off.set(key_hash(1), 4096);
  EXPECT_EQ(off.lookup(key_hash(1)).addr, 0u);
  EXPECT_EQ(off.memory_bytes(), 0u);
}

}  // namespace
}  // namespace plab::kv
