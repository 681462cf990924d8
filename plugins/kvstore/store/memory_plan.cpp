// The memory plan: how KvStore::open splits one budget (see memory_plan.h).
#include "plugins/kvstore/store/memory_plan.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "plugins/kvstore/store/address_cache.h"
#include "plugins/kvstore/store/cold_index.h"
#include "plugins/kvstore/store/record.h"
#include "plugins/kvstore/store/status.h"

namespace plab::kv {
namespace {

// Default hot log size (memory + disk) per byte of hot log memory: larger means fewer, larger
// migration rounds and more records served by one I/O from the hot log, at 21 bytes of hot index
// per record.
constexpr std::uint64_t kHotLogPerMemory = 3;

// A typical record's bytes in a log: header, expected key and value, and alignment slack.
std::uint32_t typical_record(const Options& o) { return record_size(std::max<std::uint32_t>(o.expected_kv_bytes, 8), 0) + 8; }

std::uint32_t bits_for(std::uint64_t bytes) { return static_cast<std::uint32_t>(std::countr_zero(std::bit_floor(std::max<std::uint64_t>(bytes, 1)))); }

}  // namespace

double address_cache_share(const Options& o) {
  if (o.address_cache_fraction >= 0) return o.address_cache_fraction;
  const double budget = static_cast<double>(std::max<std::uint64_t>(o.memory_budget, 1));
  const double every_key = static_cast<double>(o.expected_keys) * 64.0 / AddressCache::kWays / budget;
  const double room = 0.90 - std::max(o.read_cache_fraction, 0.0) - std::max(o.chunk_cache_fraction, 0.0);
  return std::max(0.0, std::min(std::clamp(every_key, 0.45, 0.70), room));
}

std::uint64_t hot_memory_cap(const Options& o) {
  if (o.hot_memory_data_fraction <= 0) return 0;
  const double data = static_cast<double>(o.expected_keys) * typical_record(o);
  return static_cast<std::uint64_t>(data * o.hot_memory_data_fraction);
}

std::uint64_t address_cache_bytes(const Options& o) {
  return std::min(static_cast<std::uint64_t>(static_cast<double>(o.memory_budget) * address_cache_share(o)),
                  AddressCache::max_bytes(o.expected_keys));
}

namespace {

MemoryPlan plan_or_throw(const Options& o, const CommitRecord* recovered) {
  MemoryPlan p;
  const std::uint64_t budget = o.memory_budget;
  const std::uint32_t kv = std::max<std::uint32_t>(o.expected_kv_bytes, 8);
  const std::uint32_t typical = typical_record(o);
  p.max_record = record_size(std::max(o.max_kv_bytes, kv), 0) + 8;
  const std::uint32_t min_bits = std::max<std::uint32_t>(12, std::bit_width(2u * p.max_record - 1));

  const std::uint64_t num_chunks =
      recovered ? recovered->num_chunks : std::bit_ceil(std::max<std::uint64_t>(o.expected_keys / 16, 64));
  std::uint32_t chunk_bits = recovered ? recovered->chunk_page_bits : 14;
  std::uint32_t cold_bits = recovered ? recovered->cold_page_bits : std::max<std::uint32_t>(min_bits, 15);
  const std::uint64_t cold_pages = 3;
  auto chunk_pages_for = [&](std::uint32_t bits) { return std::max<std::uint64_t>(4, (budget / 25) >> bits); };
  std::uint64_t rc_bytes = static_cast<std::uint64_t>(static_cast<double>(budget) * o.read_cache_fraction);
  const std::uint64_t cc_bytes = std::min(static_cast<std::uint64_t>(static_cast<double>(budget) * o.chunk_cache_fraction),
                                          ColdIndex::max_cache_bytes(num_chunks));
  const std::uint32_t page_floor_bits = recovered ? recovered->hot_page_bits : min_bits;
  // What the hot log and its index need at least: 16 hot-log pages and 16 buckets.
  const std::uint64_t hot_floor = (std::uint64_t{16} << page_floor_bits) + 2 * 16 * 144;
  // A small budget: 16 KiB chunk and 32 KiB cold pages (larger writes) would take much of it
  // (160 KiB of 300 KiB for 50,000 records at 5 % of their data): halve them, the cold pages
  // first, down to 4 KiB (cold: what holds two of the largest records), while they take more
  // than an eighth of the budget or leave the hot log less than its floor; the memory goes to
  // the address cache.
  auto pages_bytes = [&] { return (chunk_pages_for(chunk_bits) << chunk_bits) + (cold_pages << cold_bits); };
  while (!recovered && (pages_bytes() > budget / 8 || num_chunks * 8 + cc_bytes + rc_bytes + hot_floor + pages_bytes() > budget)) {
    if (cold_bits > std::max<std::uint32_t>(min_bits, chunk_bits)) --cold_bits;
    else if (chunk_bits > 12) --chunk_bits;
    else if (cold_bits > min_bits) --cold_bits;
    else break;
  }
  const std::uint64_t chunk_pages = chunk_pages_for(chunk_bits);
  std::uint64_t ac_bytes = address_cache_bytes(o);
  if (o.address_cache_fraction < 0) {
    // Automatic: at a small budget, only what leaves the hot log and its index 16 hot-log pages
    // and 16 buckets' worth (a share of the budget alone would not fit, or starve the hot log).
    const std::uint64_t others =
        num_chunks * 8 + (chunk_pages << chunk_bits) + (cold_pages << cold_bits) + cc_bytes + rc_bytes + hot_floor;
    ac_bytes = std::min(ac_bytes, budget > others ? budget - others : 0);
  }
  const std::uint64_t fixed =
      num_chunks * 8 + (chunk_pages << chunk_bits) + (cold_pages << cold_bits) + cc_bytes + ac_bytes / 64 * 64;
  if (fixed + rc_bytes >= budget) {
    throw KvError("kvstore: memory budget of " + std::to_string(budget) + " bytes is too small: the cold " +
                  "index directory, chunk and address caches, chunk and cold pages and read cache alone need " +
                  std::to_string(fixed + rc_bytes) + " bytes");
  }
  // The hot index: either index_fraction of the budget, or sized for the records that the hot log
  // (up to three times its memory, see hot_log_budget) and the read cache can hold, at most 6 per
  // 7-entry bucket. A power of two; 1.25 times as much is reserved for overflow buckets (as keys
  // come and go, most buckets overflow at some moment, and an overflow bucket stays linked).
  struct Split {
    std::uint64_t rest = 0, index_buckets = 16, index_bytes = 0, hot_mem = 0;
  };
  auto split_for = [&](std::uint64_t rc) {
    Split sp;
    sp.rest = budget - fixed - rc;
    if (o.index_fraction > 0) {
      const double index_target = std::max(static_cast<double>(budget) * o.index_fraction / 64.0, 16.0);
      sp.index_buckets = std::bit_floor(static_cast<std::uint64_t>(index_target));
      if (static_cast<double>(sp.index_buckets) * 2 <= index_target * 1.5) sp.index_buckets *= 2;
    } else {
      // hot = rest - 144 * buckets; records = (F * hot + rc) / typical; buckets = records / 6.
      const double per_bucket = 144.0, f = kHotLogPerMemory;
      const double est = (f * static_cast<double>(sp.rest) + static_cast<double>(rc)) / (6.0 * typical + f * per_bucket);
      // The power of two nearer the estimate (rounding up could double it: at 50 % of the data
      // that was 38 % of the budget); a fuller index overflows into its reserve.
      sp.index_buckets = std::bit_ceil(std::max<std::uint64_t>(static_cast<std::uint64_t>(est), 16));
      if (static_cast<double>(sp.index_buckets) > 1.5 * est && sp.index_buckets > 16) sp.index_buckets /= 2;
      // Never more than half of what is left (with a large read cache the estimate can be).
      while (sp.index_buckets > 16 && sp.index_buckets * 144 * 2 > sp.rest) sp.index_buckets /= 2;
    }
    sp.index_bytes = sp.index_buckets * 64 + sp.index_buckets * 80;
    sp.hot_mem = sp.index_bytes < sp.rest ? sp.rest - sp.index_bytes : 0;
    return sp;
  };
  Split sp = split_for(rc_bytes);
  // The hot log's memory past its cap (a share of the expected data) goes to the read cache:
  // hot-log pages hold whatever was written last (after a bulk load, arbitrary keys, kept as long
  // as the workload writes little), the read cache what is read (README, "budget sweep").
  // Never below 16 hot-log pages (what the page size is chosen for), and not when the read cache
  // is off (read_cache_fraction 0).
  const std::uint64_t hot_cap =
      o.read_cache_fraction > 0 && hot_memory_cap(o) > 0 ? std::max(hot_memory_cap(o), std::uint64_t{16} << page_floor_bits) : 0;
  if (hot_cap > 0 && sp.hot_mem > hot_cap) {
    rc_bytes += sp.hot_mem - hot_cap;
    sp = split_for(rc_bytes);
    // A larger read cache leaves a smaller index estimate; what that frees goes to the read cache
    // as well, so the hot log stays at its cap.
    if (sp.hot_mem > hot_cap) {
      rc_bytes += sp.hot_mem - hot_cap;
      sp.rest -= sp.hot_mem - hot_cap;
      sp.hot_mem = hot_cap;
    }
  }
  const std::uint64_t rest = sp.rest, index_buckets = sp.index_buckets, index_bytes = sp.index_bytes;
  if (index_bytes >= rest) {
    throw KvError("kvstore: memory budget of " + std::to_string(budget) + " bytes leaves nothing for the hot log " +
                  "after the hot index (" + std::to_string(index_bytes) + " bytes)");
  }
  const std::uint64_t hot_mem = sp.hot_mem;
  const std::uint32_t hot_bits =
      recovered ? recovered->hot_page_bits : std::clamp<std::uint32_t>(bits_for(hot_mem / 16), min_bits, 20);
  const std::uint64_t hot_pages = hot_mem >> hot_bits;
  if (hot_pages < 4) {
    throw KvError("kvstore: memory budget of " + std::to_string(budget) + " bytes leaves " +
                  std::to_string(hot_mem) + " bytes for the hot log; it needs at least 4 pages of " +
                  std::to_string(1u << hot_bits) + " bytes");
  }
  const std::uint32_t rc_bits = std::clamp<std::uint32_t>(bits_for(rc_bytes / 8), min_bits, 20);
  const std::uint64_t rc_pages = rc_bytes >> rc_bits;


  p.typical_record = typical;
  p.min_page_bits = min_bits;
  p.num_chunks = num_chunks;
  p.chunk_bits = chunk_bits;
  p.cold_bits = cold_bits;
  p.hot_bits = hot_bits;
  p.rc_bits = rc_bits;
  p.chunk_pages = chunk_pages;
  p.cold_pages = cold_pages;
  p.hot_pages = hot_pages;
  p.rc_pages = rc_pages;
  p.hot_mutable_pages = static_cast<std::uint32_t>(std::lround(o.mutable_fraction * static_cast<double>(hot_pages)));
  p.chunk_cache_bytes = cc_bytes;
  p.address_cache_bytes = ac_bytes / 64 * 64;
  p.hot_index_buckets = index_buckets;
  p.hot_log_budget = o.hot_log_budget ? o.hot_log_budget : kHotLogPerMemory * (hot_pages << hot_bits);
  p.hot_log_budget = std::max<std::uint64_t>(p.hot_log_budget, (hot_pages + 4) << hot_bits);
  p.cold_log_budget = o.cold_log_budget ? o.cold_log_budget
                                        : std::max<std::uint64_t>(2 * o.expected_keys * typical, 2 * p.hot_log_budget);
  return p;
}

}  // namespace

std::uint64_t min_memory_budget(Options o, const CommitRecord* recovered) {
  // Parts grow in steps (pages, power-of-two index), so what plans need not be one interval:
  // walk up from 64 KiB in steps of 1/64 to the first budget that plans, then bisect the last
  // step (to 1 KiB). A larger budget may still fail (plan_memory says so for it).
  auto fits = [&](std::uint64_t budget) {
    o.memory_budget = budget;
    try {
      plan_or_throw(o, recovered);
      return true;
    } catch (const KvError&) {
      return false;
    }
  };
  std::uint64_t lo = 0, hi = 64 << 10;
  while (!fits(hi)) {
    if (hi > (std::uint64_t{1} << 50)) return 0;
    lo = hi;
    hi += hi / 64;
  }
  while (hi - lo > 1024) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (fits(mid) ? hi : lo) = mid;
  }
  return hi;
}

MemoryPlan plan_memory(const Options& o, const CommitRecord* recovered) {
  try {
    return plan_or_throw(o, recovered);
  } catch (const KvError& e) {
    const std::uint64_t least = min_memory_budget(o, recovered);
    if (least == 0) throw;
    throw KvError(std::string(e.what()) + " (these options need a budget of at least " + std::to_string(least) +
                  " bytes)");
  }
}

}  // namespace plab::kv
