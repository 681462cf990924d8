// The measurement CSV importer: accepts the documented format, refuses bad rows naming the line.
#include "plugins/variability-profiler/src/csv_io.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/util/error.h"

namespace plab::variability {
namespace {

const char* kHeader = "device,node,application,repetition,duration_s,frequency_mhz,power_w,temperature_c\n";

Dataset parse(const std::string& text) {
  std::istringstream in(text);
  return parse_measurements_csv(in, "m.csv");
}

// Expects InputError whose message contains every needle.
void expect_refused(const std::string& text, std::initializer_list<const char*> needles) {
  try {
    parse(text);
    FAIL() << "accepted:\n" << text;
  } catch (const InputError& e) {
    for (const char* n : needles)
      EXPECT_NE(std::string(e.what()).find(n), std::string::npos) << e.what() << " lacks " << n;
  }
}

TEST(MeasurementCsv, ReadsTheFixture) {
  const Dataset d = read_measurements_csv(PLAB_VARIABILITY_FIXTURES "/measurements_good.csv");
  EXPECT_EQ(d.runs.size(), 16u);
  EXPECT_EQ(d.devices.size(), 4u);
  ASSERT_EQ(d.applications.size(), 2u);
  EXPECT_EQ(d.applications[0], "sgemm");
  EXPECT_EQ(d.devices[3].id, "GPU-dddd");
  EXPECT_EQ(d.devices[3].node, "n02");
  EXPECT_DOUBLE_EQ(d.runs[6].duration_s, 3.50);
  EXPECT_DOUBLE_EQ(d.runs[6].frequency_mhz, 950);
  EXPECT_DOUBLE_EQ(d.runs[6].power_w, 300);
  // Empty power cells stay missing.
  EXPECT_FALSE(present(d.runs[8].power_w));
  EXPECT_DOUBLE_EQ(d.runs[8].temperature_c, 45);
}

TEST(MeasurementCsv, OptionalColumnsQuotesCommentsAndMilliseconds) {
  const Dataset d = parse(
      "# campaign of 2024-01-01\n\n"
      "application,device,node,repetition,duration_ms,label\n"
      "gemm,\"cpu,0\",host,0,12.5,\"Xeon \"\"Gold\"\"\"\n"
      "gemm,cpu1,host,0,13.0,\n");
  ASSERT_EQ(d.runs.size(), 2u);
  EXPECT_EQ(d.devices[0].id, "cpu,0");
  EXPECT_EQ(d.devices[0].label, "Xeon \"Gold\"");
  EXPECT_DOUBLE_EQ(d.runs[0].duration_s, 0.0125);
  EXPECT_FALSE(present(d.runs[0].frequency_mhz));
}

TEST(MeasurementCsv, RoundTripsThroughTheWriter) {
  const Dataset a = read_measurements_csv(PLAB_VARIABILITY_FIXTURES "/measurements_good.csv");
  std::stringstream s;
  write_measurements_csv(a, s);
  const Dataset b = parse_measurements_csv(s, "roundtrip.csv");
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_DOUBLE_EQ(a.runs[i].duration_s, b.runs[i].duration_s);
    EXPECT_EQ(present(a.runs[i].power_w), present(b.runs[i].power_w));
    EXPECT_EQ(a.devices[a.runs[i].device].id, b.devices[b.runs[i].device].id);
  }
}

TEST(MeasurementCsv, RefusesBadRowsNamingTheLine) {
  const std::string h = kHeader;
  const std::string ok = "g0,n0,sgemm,0,1.0,1380,290,50\n";
  expect_refused(h + ok + "g1,n0,sgemm,0,abc,1380,290,50\n",
                 {"m.csv:3", "duration_s", "abc", "positive number"});
  expect_refused(h + ok + "g1,n0,sgemm,0,-2,1380,290,50\n", {"m.csv:3", "duration_s", "positive"});
  expect_refused(h + ok + "g1,n0,sgemm,0,0,1380,290,50\n", {"m.csv:3", "duration_s"});
  expect_refused(h + ok + "g1,n0,sgemm,1.5,1.0,1380,290,50\n", {"m.csv:3", "repetition", "integer >= 0"});
  expect_refused(h + ok + "g1,n0,sgemm,-1,1.0,1380,290,50\n", {"m.csv:3", "repetition"});
  expect_refused(h + ok + "g1,n0,sgemm,0,1.0,1380,290\n", {"m.csv:3", "7 fields", "expected 8"});
  expect_refused(h + ok + "g1,n0,sgemm,0,1.0,fast,290,50\n", {"m.csv:3", "frequency_mhz", "fast"});
  expect_refused(h + ok + "g1,n0,sgemm,0,1.0,1380,-5,50\n", {"m.csv:3", "power_w", ">= 0"});
  expect_refused(h + ok + "g1,n0,sgemm,0,1.0,1380,290,hot\n", {"m.csv:3", "temperature_c"});
  expect_refused(h + ok + ",n0,sgemm,0,1.0,1380,290,50\n", {"m.csv:3", "device", "empty"});
  expect_refused(h + ok + "g1,n0,sgemm,0,1.0,1380,290,\"50\n", {"m.csv:3", "unterminated"});
  expect_refused(h + ok + "g1,n0,sgemm,0,1.0,,,\n" + "g0,n0,sgemm,0,1.1,,,\n",
                 {"m.csv:4", "already appeared on line 2"});
  expect_refused(h + ok + "g0,n9,sgemm,1,1.0,,,\n", {"m.csv:3", "node 'n9'", "line 2"});
  expect_refused(h + ok + "g1,n0,sgemm,0,nan,,,\n", {"m.csv:3", "duration_s"});
  expect_refused(h + ok + "g1,n0,sgemm,0,inf,,,\n", {"m.csv:3", "duration_s"});
}

TEST(MeasurementCsv, RefusesBadHeaders) {
  expect_refused("device,node,application,repetition,duration_s,freq\n",
                 {"m.csv:1", "unknown column 'freq'", "frequency_mhz"});
  expect_refused("device,node,repetition,duration_s\n", {"m.csv:1", "application"});
  expect_refused("device,node,application,repetition\n", {"m.csv:1", "duration_s", "duration_ms"});
  expect_refused("device,node,application,repetition,duration_s,duration_ms\n", {"exactly one"});
  expect_refused("device,device,node,application,repetition,duration_s\n", {"m.csv:1", "twice"});
  expect_refused("# only a comment\n", {"no header"});
  expect_refused(kHeader, {"no data rows"});
}

TEST(MeasurementCsv, RefusesAMissingFile) {
  EXPECT_THROW(read_measurements_csv("/nonexistent/measurements.csv"), InputError);
}

}  // namespace
}  // namespace plab::variability
