// The discrete-event kernel: time order, tie-breaking, cancellation, run_until, seeded streams.
#include "core/sim/event_queue.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/sim/random_streams.h"

namespace plab::sim {
namespace {

TEST(Simulator, FiresInTimeThenPriorityThenInsertionOrder) {
  Simulator s;
  std::vector<std::string> log;
  auto rec = [&](std::string name) { return [&log, name](Simulator& sim) { log.push_back(name + "@" + std::to_string(static_cast<int>(sim.now()))); }; };
  s.at(5, rec("c"));
  s.at(1, rec("a"));
  s.at(5, rec("b"), -1);  // same time, higher priority
  s.at(5, rec("d"));      // same time and priority as c: after it
  EXPECT_EQ(s.run(), 4u);
  EXPECT_EQ(log, (std::vector<std::string>{"a@1", "b@5", "c@5", "d@5"}));
  EXPECT_DOUBLE_EQ(s.now(), 5.0);
}

TEST(Simulator, EventsScheduleFurtherEventsAndCancel) {
  Simulator s;
  int ticks = 0;
  std::function<void(Simulator&)> tick = [&](Simulator& sim) {
    if (++ticks < 10) sim.after(2.0, tick);
  };
  s.at(0, tick);
  const EventId never = s.at(7, [](Simulator&) { FAIL() << "cancelled event fired"; });
  EXPECT_TRUE(s.cancel(never));
  EXPECT_FALSE(s.cancel(never));
  s.run();
  EXPECT_EQ(ticks, 10);
  EXPECT_DOUBLE_EQ(s.now(), 18.0);
  EXPECT_EQ(s.pending(), 0u);
}

TEST(Simulator, RunUntilStopsAtTheHorizonAndAdvancesTheClock) {
  Simulator s;
  int fired = 0;
  for (int t : {1, 3, 10}) s.at(t, [&](Simulator&) { ++fired; });
  EXPECT_EQ(s.run_until(3), 2u);
  EXPECT_DOUBLE_EQ(s.now(), 3.0);
  EXPECT_EQ(s.run_until(6), 0u);
  EXPECT_DOUBLE_EQ(s.now(), 6.0);
  EXPECT_EQ(s.pending(), 1u);
  EXPECT_THROW(s.at(2, [](Simulator&) {}), std::invalid_argument);  // the past
  s.run();
  EXPECT_EQ(fired, 3);
}

TEST(Simulator, StopEndsTheRunAfterTheCurrentEvent) {
  Simulator s;
  int fired = 0;
  s.at(1, [&](Simulator& sim) { ++fired; sim.stop(); });
  s.at(2, [&](Simulator&) { ++fired; });
  s.run();
  EXPECT_EQ(fired, 1);
  s.run();
  EXPECT_EQ(fired, 2);
}

TEST(RandomStreams, SameSeedSameNumbersAndStreamsAreIndependent) {
  RandomStreams a(42), b(42), c(43);
  const double a1 = a.uniform("arrivals");
  a.uniform("sizes");  // drawing from another stream does not shift "arrivals"
  const double a2 = a.uniform("arrivals");
  EXPECT_EQ(a1, b.uniform("arrivals"));
  EXPECT_EQ(a2, b.uniform("arrivals"));
  EXPECT_NE(a1, c.uniform("arrivals"));
  EXPECT_NE(a.stream_seed("x"), a.stream_seed("y"));
}

TEST(RandomStreams, DistributionsHaveTheirMeansAndWeights) {
  RandomStreams r(7);
  double sum = 0;
  std::vector<int> counts(3, 0);
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    sum += r.exponential("e", 5.0);
    ++counts[r.categorical("c", {0.6, 0.3, 0.1})];
  }
  EXPECT_NEAR(sum / n, 5.0, 0.15);
  EXPECT_NEAR(counts[0] / double(n), 0.6, 0.015);
  EXPECT_NEAR(counts[2] / double(n), 0.1, 0.01);
  EXPECT_THROW(r.categorical("c", {0, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace plab::sim
