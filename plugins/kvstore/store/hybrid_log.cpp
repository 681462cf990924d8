#include "plugins/kvstore/store/hybrid_log.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace plab::kv {
namespace {

void set_max(std::atomic<std::uint64_t>& a, std::uint64_t v) {
  std::uint64_t cur = a.load();
  while (cur < v && !a.compare_exchange_weak(cur, v)) {
  }
}

}  // namespace

HybridLog::HybridLog(Epoch& epoch, const LogConfig& config, IoStats& stats)
    : epoch_(epoch), config_(config) {
  if (config_.mem_pages < 3) config_.mem_pages = 3;
  config_.mutable_pages = std::clamp<std::uint32_t>(config_.mutable_pages, 1, config_.mem_pages - 2);
  frames_count_ = config_.mem_pages;
  frames_ = make_aligned(frames_count_ * page_size(), 4096);
  if (!config_.file.empty()) {
    file_ = std::make_unique<DirectFile>(config_.file, true, stats);
    io_buf_ = make_aligned(page_size(), 4096);
  }
  recover(page_size(), page_size());
}

std::uint64_t HybridLog::tail() const {
  std::uint64_t t = tail_.load(std::memory_order_acquire);
  std::uint64_t off = std::min<std::uint64_t>(t & 0xffffffffu, page_size());
  return ((t >> 32) << config_.page_bits) + off;
}

void HybridLog::recover(std::uint64_t begin, std::uint64_t durable) {
  std::uint64_t page = (durable + page_size() - 1) >> config_.page_bits;
  if (page == 0) page = 1;
  std::uint64_t start = page << config_.page_bits;
  tail_.store(page << 32);
  begin_.store(begin);
  punched_ = 0;  // space below begin may not have been given back before a crash
  head_.store(start);
  safe_head_.store(start);
  read_only_.store(start);
  safe_read_only_.store(start);
  flushed_.store(start);
  flush_target_.store(start);
  std::memset(frames_.get() + (page % frames_count_) * page_size(), 0, page_size());
}

std::uint64_t HybridLog::allocate(std::uint32_t size, int slot) {
  const std::uint64_t ps = page_size();
  for (;;) {
    std::uint64_t old = tail_.fetch_add(size, std::memory_order_acq_rel);
    std::uint64_t page = old >> 32;
    std::uint64_t off = old & 0xffffffffu;
    if (off + size <= ps) return (page << config_.page_bits) + off;
    if (off <= ps) {
      // This thread closed the page: it opens the next one and takes its first bytes.
      open_page(page + 1, slot);
      tail_.store(((page + 1) << 32) | size, std::memory_order_release);
      return (page + 1) << config_.page_bits;
    }
    const auto t0 = std::chrono::steady_clock::now();
    while ((tail_.load(std::memory_order_acquire) >> 32) == page) {
      epoch_.refresh(slot);
      std::this_thread::yield();
    }
    wait_us_.fetch_add(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count()));
  }
}

void HybridLog::open_page(std::uint64_t page, int slot) {
  const std::uint64_t n = frames_count_;
  if (page + 1 > config_.mutable_pages) shift_read_only((page + 1 - config_.mutable_pages) << config_.page_bits);
  if (page >= n + 1) {
    const std::uint64_t need = (page - n + 1) << config_.page_bits;
    if (safe_head_.load() < need) {
      const auto t0 = std::chrono::steady_clock::now();
      while (safe_head_.load() < need) {
        try_shift_head(need);
        epoch_.refresh(slot);
        if (safe_head_.load() < need) std::this_thread::yield();
      }
      wait_us_.fetch_add(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count()));
    }
  }
  std::memset(frames_.get() + (page % n) * page_size(), 0, page_size());
}

void HybridLog::shift_read_only(std::uint64_t target) {
  std::uint64_t cur = read_only_.load();
  while (cur < target && !read_only_.compare_exchange_weak(cur, target)) {
  }
  if (cur >= target) return;
  epoch_.bump([this, target] {
    set_max(safe_read_only_, target);
    flush_to(target);
  });
}

void HybridLog::try_shift_head(std::uint64_t target) {
  target = std::min(target, flushed_.load());
  const std::uint64_t cur = head_.load();
  if (target <= cur) return;
  bool expected = false;
  if (!head_shift_busy_.compare_exchange_strong(expected, true)) return;
  head_.store(target);
  if (evict_hook_) {
    epoch_.bump([this, cur, target] {
      evict_hook_(cur, target);
      epoch_.bump([this, target] {
        set_max(safe_head_, target);
        head_shift_busy_.store(false);
      });
    });
  } else {
    epoch_.bump([this, target] {
      set_max(safe_head_, target);
      head_shift_busy_.store(false);
    });
  }
}

void HybridLog::seal_checksums(char* page, std::size_t len) const {
  std::size_t pos = 0;
  while (pos + sizeof(RecordHeader) <= len) {
    auto* h = reinterpret_cast<RecordHeader*>(page + pos);
    if (h->key_len == 0) break;
    const std::uint32_t size = h->size();
    if (pos + size > len) break;
    h->lock = 0;
    h->crc = h->compute_crc();
    pos += size;
  }
}

void HybridLog::flush_to(std::uint64_t target) {
  // No lock held across the write: a thread that finds another one flushing leaves its target
  // and goes on (it used to wait for the other's page write on a mutex, inside an epoch action,
  // i.e. inside some operation). The flushing thread takes every target left meanwhile: it
  // re-reads flush_target_ after it lets go of flushing_ (all seq_cst, so a target left by a
  // thread whose exchange saw `true` is seen by that re-read).
  set_max(flush_target_, target);
  while (flush_target_.load() > flushed_.load()) {
    if (flushing_.exchange(true)) break;
    for (;;) {
      target = flush_target_.load();
      std::uint64_t from = flushed_.load();
      if (target <= from) break;
      if (file_) {
        const std::uint64_t ps = page_size();
        const std::uint64_t align = file_->alignment();
        while (from < target) {
          const std::uint64_t page = from >> config_.page_bits;
          const std::uint64_t pstart = page << config_.page_bits;
          const std::uint64_t end = std::min(target, pstart + ps);
          const std::size_t len = end - pstart;
          const char* frame = frames_.get() + (page % frames_count_) * ps;
          std::memcpy(io_buf_.get(), frame, len);
          const std::size_t wstart = (from - pstart) / align * align;
          const std::size_t wend = std::min<std::size_t>(ps, (len + align - 1) / align * align);
          std::memset(io_buf_.get() + len, 0, wend - len);
          seal_checksums(io_buf_.get(), len);
          if (!file_->write(io_buf_.get() + wstart, wend - wstart, pstart + wstart)) io_error_.store(true);
          from = end;
        }
      }
      flushed_.store(target);
    }
    flushing_.store(false);
  }
  // Keep one free frame ahead of the tail.
  const std::uint64_t tail_page = tail_.load() >> 32;
  if (tail_page + 2 > frames_count_) try_shift_head((tail_page + 2 - frames_count_) << config_.page_bits);
}

std::uint64_t HybridLog::flush_to_tail(int slot) {
  const std::uint64_t t = tail();
  shift_read_only(t);
  while (flushed_.load() < t) {
    epoch_.refresh(slot);
    if (flushed_.load() < t) std::this_thread::yield();
  }
  return t;
}

void HybridLog::truncate(std::uint64_t new_begin) {
  std::uint64_t old = begin_.load();
  if (new_begin <= old) return;
  begin_.store(new_begin);
  if (file_) {
    // Give the space back in steps of at least 1 MiB: each hole punch is a metadata update that
    // costs about as much as a flush.
    const std::uint64_t ps = page_size();
    const std::uint64_t from = punched_;
    const std::uint64_t to = new_begin / ps * ps;
    if (to > from && to - from >= std::max<std::uint64_t>(ps, 1u << 20)) {
      punched_ = to;
      epoch_.bump([this, from, to] { file_->punch_hole(from, to - from); });
    }
  }
}

bool HybridLog::zero_file_tail(std::uint64_t durable) {
  const std::uint64_t ps = page_size();
  if (!file_ || durable % ps == 0) return true;
  const std::uint64_t align = file_->alignment();
  const std::uint64_t pstart = durable / ps * ps;
  const std::uint64_t wstart = durable / align * align;
  auto buf = make_aligned(ps, 4096);
  const std::size_t keep = durable - wstart;
  if (keep > 0 && file_->read(buf.get(), align, wstart) < static_cast<long>(keep)) return false;
  std::memset(buf.get() + keep, 0, ps - keep);
  return file_->write(buf.get(), pstart + ps - wstart, wstart);
}

Status HybridLog::read_disk(std::uint64_t addr, std::string& out) const {
  if (!file_) return Status::IoError;
  const std::uint64_t pend = ((addr >> config_.page_bits) + 1) << config_.page_bits;
  const std::uint64_t room = pend - addr;
  if (room < sizeof(RecordHeader)) return Status::Corruption;
  const std::size_t want = std::min<std::uint64_t>(std::max<std::uint32_t>(config_.read_hint, 64), room);
  if (!file_->read_span(addr, want, out)) return Status::IoError;
  const auto* h = reinterpret_cast<const RecordHeader*>(out.data());
  if (!h->fits(room)) return Status::Corruption;
  const std::uint32_t size = h->size();
  if (size > out.size()) {
    if (!file_->read_span(addr, size, out)) return Status::IoError;
    h = reinterpret_cast<const RecordHeader*>(out.data());
  } else {
    out.resize(size);
  }
  if (h->crc != h->compute_crc()) return Status::Corruption;
  return Status::Ok;
}

void HybridLog::disk_span(std::uint64_t addr, std::uint64_t& offset, std::size_t& len) const {
  const std::uint64_t pend = ((addr >> config_.page_bits) + 1) << config_.page_bits;
  const std::uint64_t want = std::min<std::uint64_t>(std::max<std::uint32_t>(config_.read_hint, 64), pend - addr);
  const std::uint64_t a = file_ ? file_->alignment() : 4096;
  offset = addr / a * a;
  len = static_cast<std::size_t>((addr + want + a - 1) / a * a - offset);
}

Status HybridLog::parse_disk(std::uint64_t addr, const char* buf, long got, std::uint64_t offset,
                             std::string& out) const {
  if (!file_ || got < 0) return Status::IoError;
  const std::uint64_t pend = ((addr >> config_.page_bits) + 1) << config_.page_bits;
  const std::uint64_t room = pend - addr;
  if (room < sizeof(RecordHeader)) return Status::Corruption;
  const std::uint64_t skip = addr - offset;
  const std::uint64_t want = std::min<std::uint64_t>(std::max<std::uint32_t>(config_.read_hint, 64), room);
  if (static_cast<std::uint64_t>(got) < skip + want) return Status::IoError;
  const auto* h = reinterpret_cast<const RecordHeader*>(buf + skip);
  if (!h->fits(room)) return Status::Corruption;
  const std::uint32_t size = h->size();
  if (skip + size > static_cast<std::uint64_t>(got)) return read_disk(addr, out);
  out.assign(buf + skip, size);
  h = reinterpret_cast<const RecordHeader*>(out.data());
  if (h->crc != h->compute_crc()) return Status::Corruption;
  return Status::Ok;
}

LogScanner::LogScanner(HybridLog& log, std::uint64_t from, std::uint64_t to)
    : log_(log),
      pos_(from),
      to_(to),
      span_pages_(std::max<std::uint64_t>(1, (256u << 10) / log.page_size())),
      buf_(make_aligned(span_pages_ * log.page_size(), 4096)) {}

bool LogScanner::load_page(std::uint64_t page) {
  const std::uint64_t ps = log_.page_size();
  const std::uint64_t pstart = page * ps;
  const std::uint64_t end = std::min(to_, pstart + span_pages_ * ps);
  const std::size_t align = log_.file()->alignment();
  const std::size_t len = std::min<std::uint64_t>(span_pages_ * ps, (end - pstart + align - 1) / align * align);
  long got = log_.file()->read(buf_.get(), len, pstart);
  if (got < static_cast<long>(end - pstart)) {
    error_ = log_.config().file.string() + ": truncated: expected data up to offset " +
             std::to_string(end) + ", file ends before (read " + std::to_string(std::max(got, 0L)) +
             " bytes at " + std::to_string(pstart) + ")";
    return false;
  }
  loaded_page_ = page;
  loaded_end_ = end;
  return true;
}

Status LogScanner::next(const RecordHeader*& rec, std::uint64_t& addr) {
  const std::uint64_t ps = log_.page_size();
  while (pos_ < to_) {
    const std::uint64_t page = pos_ / ps;
    const std::uint64_t pstart = page * ps;
    if (loaded_page_ == ~std::uint64_t(0) || page < loaded_page_ || pstart >= loaded_end_) {
      if (!load_page(page)) return Status::Corruption;
    }
    const char* pbuf = buf_.get() + (page - loaded_page_) * ps;
    const std::uint64_t off = pos_ - pstart;
    const std::uint64_t limit = std::min(loaded_end_, pstart + ps) - pstart;
    const auto* h = reinterpret_cast<const RecordHeader*>(pbuf + off);
    if (off + sizeof(RecordHeader) > limit || h->key_len == 0) {
      for (std::uint64_t i = off; i < limit; ++i) {
        if (pbuf[i] != 0) {
          error_ = log_.config().file.string() + ": corrupt record structure at offset " +
                   std::to_string(pstart + i) + " (expected zero padding after the last record of the page)";
          return Status::Corruption;
        }
      }
      pos_ = pstart + ps;
      continue;
    }
    if (!h->fits(limit - off) || h->crc != h->compute_crc()) {
      error_ = log_.config().file.string() + ": checksum mismatch in the record at offset " +
               std::to_string(pos_) + " (" + log_.config().name + " log)";
      return Status::Corruption;
    }
    rec = h;
    addr = pos_;
    pos_ += h->size();
    return Status::Ok;
  }
  return Status::NotFound;
}

}  // namespace plab::kv
