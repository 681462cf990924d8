#pragma once
// FASTER's hybrid log: a log-structured address space whose tail pages live in a circular buffer
// of memory frames and whose older pages live in a file.
//
//   begin <= [on disk] < head <= [read-only, in memory] < read_only <= [mutable] < tail
//
// Records at or above read_only may be updated in place; older in-memory records are immutable
// and get flushed (with their checksums) once every thread has seen the new read_only boundary;
// a page leaves memory once flushed and no thread can still be reading it. The same class serves
// as the hot log, the cold log, the hash-chunk log of the cold index, and (memory only, with an
// eviction hook) the read cache.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "plugins/kvstore/store/direct_file.h"
#include "plugins/kvstore/store/epoch.h"
#include "plugins/kvstore/store/record.h"
#include "plugins/kvstore/store/striped_counter.h"
#include "plugins/kvstore/store/status.h"

namespace plab::kv {

/// Shape of one log.
struct LogConfig {
  std::string name;               // "hot", "cold", "chunks", "read-cache": used in messages
  std::filesystem::path file;     // empty: memory only (pages are dropped when they leave memory)
  std::uint32_t page_bits = 16;   // page size = 2^page_bits bytes
  std::uint32_t mem_pages = 8;    // memory frames (>= 3)
  std::uint32_t mutable_pages = 6;  // tail pages that allow in-place updates (<= mem_pages - 2)
  std::uint32_t read_hint = 512;  // bytes a random record read fetches first
};

/// One hybrid log. Thread-safe; operations that touch memory must run under epoch protection
/// of the caller's slot.
class HybridLog {
 public:
  HybridLog(Epoch& epoch, const LogConfig& config, IoStats& stats);
  HybridLog(const HybridLog&) = delete;
  HybridLog& operator=(const HybridLog&) = delete;

  const LogConfig& config() const { return config_; }
  /// The epoch this log's memory is protected by.
  Epoch& epoch() const { return epoch_; }
  std::uint64_t page_size() const { return std::uint64_t(1) << config_.page_bits; }
  DirectFile* file() { return file_.get(); }
  const DirectFile* file() const { return file_.get(); }

  std::uint64_t begin() const { return begin_.load(std::memory_order_seq_cst); }
  std::uint64_t head() const { return head_.load(std::memory_order_seq_cst); }
  std::uint64_t read_only() const { return read_only_.load(std::memory_order_seq_cst); }
  std::uint64_t safe_read_only() const { return safe_read_only_.load(std::memory_order_seq_cst); }
  std::uint64_t flushed() const { return flushed_.load(std::memory_order_seq_cst); }
  /// The current tail: every record below it has been allocated.
  std::uint64_t tail() const;
  /// Bytes from begin to tail.
  std::uint64_t size() const { return tail() - begin(); }

  /// Reserves `size` bytes (a record; size <= page_size) at the tail and returns its address. The
  /// memory is zeroed. May wait for a frame to be flushed and evicted (refreshing `slot`).
  std::uint64_t allocate(std::uint32_t size, int slot);
  /// Memory of a record; valid only for head() <= addr < tail() read under protection.
  RecordHeader* get(std::uint64_t addr) const {
    return reinterpret_cast<RecordHeader*>(frames_.get() + ((addr >> config_.page_bits) % frames_count_) *
                                                               page_size() +
                                           (addr & (page_size() - 1)));
  }

  /// Reads the record at `addr` (below head) from the file into `out` (header + payload) and
  /// checks its checksum. Corruption when the checksum or the layout is wrong.
  Status read_disk(std::uint64_t addr, std::string& out) const;
  /// The aligned file range read_disk() reads first for the record at `addr` (for batched I/O).
  void disk_span(std::uint64_t addr, std::uint64_t& offset, std::size_t& len) const;
  /// Checks and copies the record at `addr` out of `buf`, which holds `got` bytes of the file from
  /// `offset` (a disk_span read; got < 0: the read failed). A record longer than what was read is
  /// fetched whole with read_disk(). Same results as read_disk().
  Status parse_disk(std::uint64_t addr, const char* buf, long got, std::uint64_t offset, std::string& out) const;

  /// Makes everything below the tail read-only and waits until it is flushed; returns the
  /// address up to which the log is on disk. `slot` is refreshed while waiting.
  std::uint64_t flush_to_tail(int slot);
  /// Moves begin forward (page aligned). The file space below it is given back after every
  /// thread left the epoch in which it could still read there.
  void truncate(std::uint64_t new_begin);
  /// After recovery: the log holds [begin, durable) on disk; new records start at the next page.
  void recover(std::uint64_t begin, std::uint64_t durable);

  /// Recovery: zeroes the file from `durable` to the end of its page, so that records written
  /// after the commit can never be mistaken for committed ones later. False on an I/O error.
  bool zero_file_tail(std::uint64_t durable);
  /// Called for [from, to) before memory-only pages are reused (the read cache unlinks them).
  void set_evict_hook(std::function<void(std::uint64_t, std::uint64_t)> hook) { evict_hook_ = std::move(hook); }
  bool io_failed() const { return io_error_.load(); }
  std::uint64_t memory_bytes() const { return frames_count_ * page_size(); }
  /// Microseconds that allocating threads waited for a page (another thread opening it, or a
  /// frame to be flushed and evicted): a serialisation point when it grows with threads.
  std::uint64_t wait_us() const { return wait_us_.load(); }

 private:
  void open_page(std::uint64_t page, int slot);
  void shift_read_only(std::uint64_t target);
  void try_shift_head(std::uint64_t target);
  void flush_to(std::uint64_t target);
  void seal_checksums(char* page, std::size_t len) const;

  Epoch& epoch_;
  LogConfig config_;
  std::unique_ptr<DirectFile> file_;
  std::uint64_t frames_count_;
  AlignedBuffer frames_;
  AlignedBuffer io_buf_;  // used by the thread that holds flushing_

  // The tail is written by every allocation (appends; read-cache inserts on every cold read); the
  // boundaries below are read by every operation and written a few times per page. On one cache
  // line, each allocation made every reader of every thread miss: so each group has its own.
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // page << 32 | offset
  alignas(64) std::atomic<std::uint64_t> begin_{0};
  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::uint64_t> safe_head_{0};
  std::atomic<std::uint64_t> read_only_{0};
  std::atomic<std::uint64_t> safe_read_only_{0};
  std::atomic<std::uint64_t> flushed_{0};
  std::uint64_t punched_ = 0;  // file space below it was given back (truncate's caller only)
  std::atomic<bool> head_shift_busy_{false};
  std::atomic<bool> io_error_{false};
  alignas(64) std::atomic<std::uint64_t> flush_target_{0};  // flush up to here (every value in it is safe)
  std::atomic<bool> flushing_{false};           // one thread writes; the others leave it a target
  std::function<void(std::uint64_t, std::uint64_t)> evict_hook_;
  StripedCounter wait_us_;
};

/// Reads the records of [from, to) of a log's file page by page, checking every checksum and
/// that each page ends in zeros. Used by recovery, compaction and scans (single thread). Reads
/// several pages per I/O.
class LogScanner {
 public:
  LogScanner(HybridLog& log, std::uint64_t from, std::uint64_t to);
  /// Ok with the next record and its address; NotFound at the end; Corruption (see error()).
  Status next(const RecordHeader*& rec, std::uint64_t& addr);
  const std::string& error() const { return error_; }

 private:
  bool load_page(std::uint64_t page);

  HybridLog& log_;
  std::uint64_t pos_;
  std::uint64_t to_;
  std::uint64_t span_pages_;  // pages read per I/O (sequential read-ahead of up to 256 KiB)
  std::uint64_t loaded_page_ = ~std::uint64_t(0);  // first page in buf_
  std::uint64_t loaded_end_ = 0;                   // log address up to which buf_ holds data
  AlignedBuffer buf_;
  std::string error_;
};

}  // namespace plab::kv
