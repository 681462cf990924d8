// Trace importers on good and bad lines, and the real public traces when they are present.
#include <gtest/gtest.h>

#include <fstream>

#include "core/util/error.h"
#include "core/util/paths.h"
#include "plugins/cluster-scheduler/src/synthetic.h"
#include "plugins/cluster-scheduler/src/trace_io.h"
#include "plugins/cluster-scheduler/tests/test_util.h"
#include "unit/temp_dir.h"

namespace plab::cluster {
namespace {

using namespace testing;

std::filesystem::path write(const test_util::TempDir& d, const std::string& name, const std::string& text) {
  const auto p = d / name;
  std::ofstream(p) << text;
  return p;
}

std::string error_of(const std::filesystem::path& f, const ImportOptions& o) {
  try {
    load_trace(f, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Importers, GavelAndShockwaveColumns) {
  const auto j7 = parse_gavel_line("A (batch size 10)\tcmd\t--steps\t1\t1550\t11.000000\t2", 0);
  EXPECT_EQ(j7.job_type, "A (batch size 10)");
  EXPECT_EQ(j7.total_steps, 1550);
  EXPECT_EQ(j7.arrival, 11);
  EXPECT_EQ(j7.num_gpus, 2);
  const auto j10 = parse_gavel_line("B\tcmd\tdir\t-n\t1\t36\t1\t1\t-1.000000\t5", 1);
  EXPECT_EQ(j10.total_steps, 36);
  EXPECT_EQ(j10.num_gpus, 1);
  EXPECT_EQ(j10.arrival, 5);
  const auto j12 = parse_gavel_line("B\tcmd\tdir\t-n\t1\t44921\t4\tgns\t1\t-1.000000\t3862\t109", 2);
  EXPECT_EQ(j12.mode, Mode::Gns);
  EXPECT_EQ(j12.num_gpus, 4);
  EXPECT_EQ(j12.duration, 3862);
  EXPECT_EQ(j12.arrival, 109);
}

TEST(Importers, BadTraceLinesAreRefusedWithFileAndLine) {
  test_util::TempDir d;
  ImportOptions o;
  auto f = write(d, "t.trace", "A (batch size 10)\tcmd\t--steps\t1\t1550\t11\t1\nA (batch size 10)\tcmd\t--steps\t1\tlots\t11\t1\n");
  std::string e = error_of(f, o);
  EXPECT_NE(e.find("t.trace:2"), std::string::npos) << e;
  EXPECT_NE(e.find("total_steps"), std::string::npos) << e;
  f = write(d, "m.trace", "B\tcmd\tdir\t-n\t1\t44921\t1\tsometimes\t1\t-1\t3862\t109\n");
  e = error_of(f, o);
  EXPECT_NE(e.find("m.trace:1"), std::string::npos) << e;
  EXPECT_NE(e.find("column 8"), std::string::npos) << e;
  f = write(d, "c.trace", "B\tcmd\t1\n");
  EXPECT_NE(error_of(f, o).find("expected 7"), std::string::npos);
  f = write(d, "g.trace", "B\tcmd\t--steps\t1\t15\t11\t0\n");
  EXPECT_NE(error_of(f, o).find("scale_factor"), std::string::npos);
}

TEST(Importers, GenericCsvDrawsMissingTypesSeededAndNamesBadLines) {
  test_util::TempDir d;
  const auto t = tiny_table();
  ImportOptions o;
  o.table = &t;
  o.gpu_types = {"v100"};
  o.seed = 3;
  const auto f = write(d, "jobs.csv",
                       "job_id,submission_time,duration,num_gpu,job_type,mode\n"
                       "a,0,100,1,A (batch size 10),accordion\n"
                       "b,30,50,1,,\n");
  const auto jobs = load_trace(f, o);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].total_steps, 1000);  // 100 s at 10 steps/s
  EXPECT_EQ(jobs[0].mode, Mode::Accordion);
  EXPECT_EQ(jobs[1].arrival, 30);
  EXPECT_FALSE(jobs[1].job_type.empty());
  EXPECT_EQ(load_trace(f, o)[1].job_type, jobs[1].job_type);  // same seed, same draw
  const auto bad = write(d, "bad.csv", "job_id,submission_time,duration,num_gpu\na,0,100,1\nb,5,-3,1\n");
  std::string e = error_of(bad, o);
  EXPECT_NE(e.find("bad.csv:3"), std::string::npos) << e;
  EXPECT_NE(e.find("duration"), std::string::npos) << e;
  const auto hdr = write(d, "hdr.csv", "id,when\n1,2\n");
  EXPECT_NE(error_of(hdr, o).find("hdr.csv:1"), std::string::npos);
  const auto cols = write(d, "cols.csv", "job_id,submission_time,duration,num_gpu\na,0,100\n");
  EXPECT_NE(error_of(cols, o).find("cols.csv:2: expected 4 columns"), std::string::npos);
}

TEST(Importers, PhillyJsonGoodAndBad) {
  test_util::TempDir d;
  const auto t = tiny_table();
  ImportOptions o;
  o.table = &t;
  o.gpu_types = {"v100"};
  const auto f = write(d, "jobs.json",
                       R"([{"id":"a","num_gpus":1,"runtime":2.0,"submitted_time":"2017-10-07 01:11:39","attempts":[]},
                           {"id":"b","num_gpus":1,"runtime":1.0,"submitted_time":"2017-10-07 01:10:39","attempts":[]}])");
  const auto jobs = load_trace(f, o);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].arrival, 0);   // sorted by submission
  EXPECT_EQ(jobs[1].arrival, 60);
  EXPECT_EQ(jobs[1].duration, 120);
  const auto bad = write(d, "bad.json", R"([{"id":"a","num_gpus":0,"runtime":2.0,"submitted_time":"2017-10-07 01:11:39"}])");
  const std::string e = error_of(bad, o);
  EXPECT_NE(e.find("bad.json: job [0]"), std::string::npos) << e;
  EXPECT_NE(e.find("num_gpus"), std::string::npos) << e;
}

TEST(Synthetic, SameSeedSameTraceWithTheRequestedMix) {
  ThroughputTable t = tiny_table();
  t.set("v100", "A (batch size 10)", 2, 20);
  SyntheticParams p;
  p.jobs = 400;
  p.gpu_sizes = {1, 2};
  p.gpu_probs = {0.75, 0.25};
  const auto a = generate_trace(p, t, {"v100"}, 5), b = generate_trace(p, t, {"v100"}, 5);
  ASSERT_EQ(a.size(), 400u);
  int two = 0, gns = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].arrival, b[i].arrival);
    EXPECT_EQ(a[i].job_type, b[i].job_type);
    two += a[i].num_gpus == 2;
    gns += a[i].mode == Mode::Gns;
    EXPECT_GE(a[i].duration, 0.2 * 3600 - 1e-6);
    EXPECT_LE(a[i].duration, 5 * 3600 + 1e-6);
  }
  EXPECT_NEAR(two / 400.0, 0.25, 0.06);
  EXPECT_NEAR(gns / 400.0, 0.5, 0.08);
  // 12 jobs/hour: the last of 400 arrives after about 33 hours.
  EXPECT_NEAR(a.back().arrival / 3600.0, 399 / 12.0, 5);
}

TEST(SharedData, ShockwaveTraceAndTableLoad) {
  const auto dir = shared_data_dir();
  if (dir.empty()) GTEST_SKIP() << "shared data not found (set PARETOLAB_SHARED_DATA)";
  const auto base = dir / "cluster-traces" / "shockwave";
  const auto table = ThroughputTable::load(base / "tacc_throughputs.json");
  const auto trace = base / "traces" / "120_0.2_5_100_40_25_0,0.5,0.5_0.6,0.3,0.09,0.01_multigpu_dynamic.trace";
  const auto jobs = load_trace(trace, {});
  ASSERT_EQ(jobs.size(), 120u);
  const auto c = ClusterSpec::parse("v100:32", 4);
  int dynamic = 0;
  for (const auto& s : jobs) {
    const JobModel m(s, table, c, {});
    dynamic += s.mode != Mode::Static;
    // The trace's duration column is the static run time on a v100 at the initial batch size; the
    // artifact's isolated time (its job profile) counts whole epochs, so up to one epoch more.
    const double epoch_s = m.isolated_time() / m.epochs();
    if (s.mode == Mode::Static) {
      EXPECT_GE(m.isolated_time(), s.duration - 0.01 * s.duration - 1);
      EXPECT_LE(m.isolated_time(), s.duration + epoch_s + 0.01 * s.duration + 1);
    } else {  // batch-size changes move the time either way (up to 5.5x faster: LM 5 -> 80 on 4 GPUs)
      EXPECT_GT(m.isolated_time(), 0.15 * s.duration);
      EXPECT_LT(m.isolated_time(), 1.5 * s.duration + epoch_s);
    }
  }
  EXPECT_GT(dynamic, 40);
  // Gavel's 7-column Philly-derived trace and the Philly JSON.
  const auto gavel = load_trace(dir / "cluster-traces" / "gavel" / "traces" / "msr-seed0" / "23dbec.trace", {});
  EXPECT_FALSE(gavel.empty());
  ImportOptions o;
  o.table = &table;
  o.gpu_types = {"v100"};
  o.max_jobs = 50;
  EXPECT_EQ(load_trace(dir / "cluster-traces" / "philly-subset" / "jobs.json", o).size(), 50u);
}

}  // namespace
}  // namespace plab::cluster
