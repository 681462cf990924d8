#include "plugins/kvstore/ycsb/driver.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <random>
#include <stdexcept>
#include <thread>

#include "plugins/kvstore/ycsb/histogram.h"

namespace plab::ycsb {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Incompressible value bytes: slices of a per-thread random buffer.
class ValueSource {
 public:
  ValueSource(std::uint64_t seed, std::uint32_t size) : size_(size), buf_(std::size_t(1) << 16, '\0') {
    std::mt19937_64 r(seed);
    for (auto& c : buf_) c = static_cast<char>(r());
    buf_.append(buf_.substr(0, std::min<std::size_t>(size, buf_.size())));
    while (buf_.size() < (std::size_t(1) << 16) + size) buf_ += buf_;
  }
  std::string_view next(std::mt19937_64& r) const {
    return std::string_view(buf_).substr(r() % (std::size_t(1) << 16), size_);
  }

 private:
  std::uint32_t size_;
  std::string buf_;
};

struct alignas(64) ThreadState {
  std::atomic<std::uint64_t> done{0};
  Histogram all;
  Histogram per_op[kOpKinds];
  std::uint64_t read_bytes = 0, write_bytes = 0, not_found = 0, unsupported = 0;
  std::string error;
  Clock::time_point finished{};  // when this thread's last operation completed
};

OpLatency summarize(const Histogram& h) {
  OpLatency l;
  l.count = h.count();
  l.mean_us = h.mean_ns() / 1e3;
  l.p50_us = h.quantile_ns(0.5) / 1e3;
  l.p99_us = h.quantile_ns(0.99) / 1e3;
  l.p999_us = h.quantile_ns(0.999) / 1e3;
  return l;
}

}  // namespace

RunResult run_ycsb(Backend& backend, const RunOptions& opt) {
  const WorkloadSpec& w = opt.workload;
  const int threads = std::max(1, opt.threads);
  RunResult res;
  auto cancelled = [&] { return opt.cancelled && opt.cancelled(); };
  auto progress = [&](double f, const std::string& m) {
    if (opt.progress) opt.progress(f, m);
  };

  // Load phase: each thread inserts a slice of the records.
  const Clock::time_point load_start = Clock::now();
  const BackendStats before_load = backend.stats();
  if (opt.load) {
    std::vector<std::thread> pool;
    std::vector<std::string> errors(threads);
    std::atomic<std::uint64_t> loaded{0};
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        try {
          auto s = backend.session();
          std::mt19937_64 rng(opt.seed * 7919 + t);
          ValueSource values(opt.seed + t, w.value_size);
          for (std::uint64_t n = t; n < w.record_count; n += threads) {
            s->write(w.key(n), values.next(rng));
            if ((loaded.fetch_add(1) & 4095) == 0 && t == 0) {
              progress(0.3 * static_cast<double>(loaded.load()) / static_cast<double>(w.record_count), "loading");
              if (cancelled()) return;
            }
          }
        } catch (const std::exception& e) {
          errors[t] = e.what();
        }
      });
    }
    for (auto& th : pool) th.join();
    for (auto& e : errors) {
      if (!e.empty()) throw std::runtime_error(backend.name() + " load failed: " + e);
    }
  }
  if (cancelled()) {
    res.cancelled = true;
    return res;
  }
  progress(0.3, "settling after load");
  if (opt.load) backend.settle();
  res.load_seconds = seconds_since(load_start);

  std::atomic<std::uint64_t> inserted{w.record_count};
  std::atomic<bool> stop{false};
  std::vector<ThreadState> states(threads);
  std::atomic<int> warmed{0};
  std::atomic<bool> measuring{false};
  Clock::time_point run_start;
  BackendStats before_run;

  // Batched (depth > 1): build `depth` operations, run them as one batch, time each as the batch.
  auto run_batched = [&](int, BackendSession& s, ThreadState& st, std::mt19937_64& rng, KeyChooser& chooser,
                         ValueSource& values, std::uniform_real_distribution<double>& unit, std::uint64_t warm,
                         std::uint64_t total, bool& reached) {
    std::vector<BatchOp> batch;
    std::vector<Op> kinds;
    const BatchRmwFn rmw = [](const BatchOp& op, const std::string* old, std::string& out) {
      out.assign(old ? *old : op.value);
      if (out.size() >= 8) {  // as in the one-at-a-time path
        std::uint64_t c = 0;
        std::memcpy(&c, out.data(), 8);
        ++c;
        std::memcpy(out.data(), &c, 8);
      }
    };
    std::uint64_t i = 0;
    while (i < warm + total) {
      if (i == warm) {
        reached = true;
        warmed.fetch_add(1);
        while (!measuring.load()) std::this_thread::yield();
      }
      if (stop.load() || cancelled()) break;
      const std::uint64_t end = i < warm ? warm : warm + total;
      const std::uint64_t m = std::min<std::uint64_t>(static_cast<std::uint64_t>(opt.depth), end - i);
      batch.resize(m);
      kinds.resize(m);
      std::uint64_t scans = 0, scan_bytes = 0;
      const Clock::time_point t0 = Clock::now();
      for (std::uint64_t k = 0; k < m; ++k) {
        const Op op = w.choose(unit(rng));
        kinds[k] = op;
        BatchOp& b = batch[k];
        b.found = false;
        if (op == Op::Insert) {
          b.kind = BatchOp::Kind::Write;
          b.key = w.key(inserted.fetch_add(1));
        } else {
          b.key = w.key(chooser.next(rng, inserted.load(std::memory_order_relaxed)));
          b.kind = op == Op::Update ? BatchOp::Kind::Write
                    : op == Op::ReadModifyWrite ? BatchOp::Kind::Rmw
                                                : BatchOp::Kind::Read;
        }
        if (op == Op::Update || op == Op::Insert || op == Op::ReadModifyWrite) b.value.assign(values.next(rng));
        if (op == Op::Scan) {  // not batched: runs alone, then stands in the batch as a no-op read
          const int got = s.scan(b.key, 1 + static_cast<int>(rng() % w.max_scan_length));
          if (got < 0) ++st.unsupported;
          else scan_bytes += static_cast<std::uint64_t>(got) * (b.key.size() + w.value_size);
          ++scans;
          b.key.clear();
        }
      }
      if (scans > 0) {
        std::erase_if(batch, [](const BatchOp& b) { return b.key.empty(); });
        std::erase_if(kinds, [](Op o) { return o == Op::Scan; });
      }
      s.run_batch(batch, rmw);
      const bool timed = i >= warm;
      i += m;
      if (!timed) continue;
      const auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
      for (std::size_t k = 0; k < batch.size(); ++k) {
        const BatchOp& b = batch[k];
        st.all.record(ns);
        st.per_op[static_cast<int>(kinds[k])].record(ns);
        switch (kinds[k]) {
          case Op::Read:
            if (b.found) st.read_bytes += b.key.size() + b.value.size();
            else ++st.not_found;
            break;
          case Op::ReadModifyWrite:
            st.read_bytes += b.found ? b.key.size() + w.value_size : 0;
            st.write_bytes += b.key.size() + w.value_size;
            break;
          default:
            st.write_bytes += b.key.size() + b.value.size();
        }
      }
      for (std::uint64_t k = 0; k < scans; ++k) st.all.record(ns), st.per_op[static_cast<int>(Op::Scan)].record(ns);
      st.read_bytes += scan_bytes;
      st.done.fetch_add(m, std::memory_order_relaxed);
    }
  };

  auto worker = [&](int t) {
    ThreadState& st = states[t];
    // The run's length is the last thread's finish, not the sampler's next tick (which rounded
    // short runs up to its 100 ms interval).
    struct MarkFinished {
      ThreadState& st;
      ~MarkFinished() { st.finished = Clock::now(); }
    } mark{st};
    try {
      auto s = backend.session();
      std::mt19937_64 rng(opt.seed * 104729 + 31 * t + 1);
      KeyChooser chooser(w.distribution, w.record_count, w.zipf_theta);
      ValueSource values(opt.seed * 13 + t, w.value_size);
      std::uniform_real_distribution<double> unit(0, 1);
      std::string value;
      const std::uint64_t warm = opt.warmup_ops / threads;
      const std::uint64_t total = w.operation_count / threads + (t < static_cast<int>(w.operation_count % threads) ? 1 : 0);
      bool reached = false;
      if (opt.depth > 1) {
        run_batched(t, *s, st, rng, chooser, values, unit, warm, total, reached);
        if (!reached) warmed.fetch_add(1);
        return;
      }
      for (std::uint64_t i = 0; i < warm + total; ++i) {
        if (i == warm) {
          reached = true;
          warmed.fetch_add(1);
          while (!measuring.load()) std::this_thread::yield();
        }
        if ((i & 1023) == 0 && (stop.load() || cancelled())) break;
        const Op op = w.choose(unit(rng));
        const bool timed = i >= warm;
        const Clock::time_point t0 = Clock::now();
        std::uint64_t rb = 0, wb = 0;
        switch (op) {
          case Op::Read: {
            const std::string key = w.key(chooser.next(rng, inserted.load(std::memory_order_relaxed)));
            if (s->read(key, value)) rb = key.size() + value.size();
            else ++st.not_found;
            break;
          }
          case Op::Update: {
            const std::string key = w.key(chooser.next(rng, inserted.load(std::memory_order_relaxed)));
            const std::string_view v = values.next(rng);
            s->write(key, v);
            wb = key.size() + v.size();
            break;
          }
          case Op::Insert: {
            const std::string key = w.key(inserted.fetch_add(1));
            const std::string_view v = values.next(rng);
            s->write(key, v);
            wb = key.size() + v.size();
            break;
          }
          case Op::Scan: {
            const std::string key = w.key(chooser.next(rng, inserted.load(std::memory_order_relaxed)));
            const int n = s->scan(key, 1 + static_cast<int>(rng() % w.max_scan_length));
            if (n < 0) ++st.unsupported;
            else rb = static_cast<std::uint64_t>(n) * (key.size() + w.value_size);
            break;
          }
          case Op::ReadModifyWrite: {
            const std::string key = w.key(chooser.next(rng, inserted.load(std::memory_order_relaxed)));
            const std::string_view fresh = values.next(rng);
            bool had = false;
            s->rmw(key, [&](const std::string* old, std::string& out) {
              had = old != nullptr;
              out.assign(old ? *old : std::string(fresh));
              if (out.size() >= 8) {  // YCSB's RMW rewrites a field; here the first 8 bytes
                std::uint64_t c = 0;
                std::memcpy(&c, out.data(), 8);
                ++c;
                std::memcpy(out.data(), &c, 8);
              }
            });
            rb = had ? key.size() + w.value_size : 0;
            wb = key.size() + w.value_size;
            break;
          }
        }
        if (!timed) continue;
        const auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
        st.all.record(ns);
        st.per_op[static_cast<int>(op)].record(ns);
        st.read_bytes += rb;
        st.write_bytes += wb;
        st.done.fetch_add(1, std::memory_order_relaxed);
      }
      if (!reached) warmed.fetch_add(1);
    } catch (const std::exception& e) {
      st.error = e.what();
      stop.store(true);
      if (!measuring.load()) warmed.fetch_add(1);
    }
  };

  progress(0.35, "warming up");
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  while (warmed.load() < threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  before_run = backend.stats();
  run_start = Clock::now();
  measuring.store(true);

  // Sampler: throughput over time from the threads' completion counters. It keeps (time,
  // operations done) marks; the last one is the last operation's completion (not the sampler's
  // wake-up after it), and a last interval under half a tick is folded into the one before it
  // (a few milliseconds of tail would draw a spurious dip or spike).
  std::vector<std::pair<double, std::uint64_t>> marks{{0.0, 0}};
  const double interval = opt.trace_interval_s > 0 ? opt.trace_interval_s : 0.1;
  auto count_done = [&] {
    std::uint64_t n = 0;
    for (auto& st : states) n += st.done.load(std::memory_order_relaxed);
    return n;
  };
  for (;;) {
    // Sleep one interval, but wake as soon as the run is over (a short run need not wait a tick).
    const auto tick_end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
    while (Clock::now() < tick_end && count_done() < w.operation_count && !stop.load())
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(5), tick_end - Clock::now()));
    const std::uint64_t done = count_done();
    const double now = seconds_since(run_start);  // with the count, before progress() takes its time
    progress(0.35 + 0.6 * static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(w.operation_count, 1)),
             "running " + w.name);
    if (done >= w.operation_count || stop.load()) break;
    if (now > marks.back().first) marks.emplace_back(now, done);
    if (cancelled()) {
      stop.store(true);
      res.cancelled = true;
      break;
    }
  }
  for (auto& th : pool) th.join();
  Clock::time_point end = run_start;
  for (const auto& st : states) end = std::max(end, st.finished);
  res.run_seconds = end > run_start ? std::chrono::duration<double>(end - run_start).count() : seconds_since(run_start);
  while (marks.size() > 1 && marks.back().first >= res.run_seconds) marks.pop_back();
  if (marks.size() > 1 && res.run_seconds - marks.back().first < interval / 2) marks.pop_back();
  marks.emplace_back(res.run_seconds, count_done());
  for (std::size_t i = 1; i < marks.size(); ++i) {
    const double dt = marks[i].first - marks[i - 1].first;
    if (dt > 0) res.trace.emplace_back(marks[i].first, static_cast<double>(marks[i].second - marks[i - 1].second) / dt);
  }
  for (auto& st : states) {
    if (!st.error.empty()) throw std::runtime_error(backend.name() + " run failed: " + st.error);
  }
  const BackendStats after = backend.stats();
  Histogram all, per[kOpKinds];
  for (auto& st : states) {
    all.merge(st.all);
    for (int k = 0; k < kOpKinds; ++k) per[k].merge(st.per_op[k]);
    res.logical_read_bytes += st.read_bytes;
    res.logical_write_bytes += st.write_bytes;
    res.not_found += st.not_found;
    res.unsupported += st.unsupported;
  }
  res.ops = all.count();
  res.throughput = res.run_seconds > 0 ? static_cast<double>(res.ops) / res.run_seconds : 0;
  res.all = summarize(all);
  for (int k = 0; k < kOpKinds; ++k) res.per_op[k] = summarize(per[k]);
  res.disk_read_bytes = after.disk_bytes_read - before_run.disk_bytes_read;
  res.disk_write_bytes = after.disk_bytes_written - before_run.disk_bytes_written;
  res.load_disk_write_bytes = before_run.disk_bytes_written - before_load.disk_bytes_written;
  res.read_amp = res.logical_read_bytes ? static_cast<double>(res.disk_read_bytes) / static_cast<double>(res.logical_read_bytes) : 0;
  res.write_amp = res.logical_write_bytes ? static_cast<double>(res.disk_write_bytes) / static_cast<double>(res.logical_write_bytes) : 0;
  res.final_stats = after;
  res.start_stats = before_run;
  progress(1.0, "done");
  return res;
}

}  // namespace plab::ycsb
