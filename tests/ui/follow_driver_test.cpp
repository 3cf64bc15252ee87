// A driver leading a follower (compare): the follower is at the leader's
// simulated time once it has caught up, begins each step and applies each
// command when the leader did, rebuilds when the leader does, and its run is
// the one the headless lockstep makes. No Qt; nothing sleeps for correctness.
#include <gtest/gtest.h>

#include <functional>

#include "clusterscope/compare.h"
#include "clusterscope/driver.h"
#include "scenarios/lockstep.h"

namespace cs {
namespace {

constexpr auto kSafety = std::chrono::milliseconds(20'000);

// The latest status of one driver, and every record it published.
struct Seen {
  DriverStatus status;
  std::vector<TraceRecord> records;
};

// A leader and its follower, built from cascading-failure and its
// breaker-on variant, both paused at first.
struct Pair {
  explicit Pair(const std::string& change = "breaker=on")
      : comparison(
            makeComparison(loadScenario("cascading-failure"), parseOptionChange(change, "test"))),
        b(comparison.b, std::nullopt, options(false)),
        a(comparison.a, std::nullopt, options(true)) {
    a.setFollower(&b);
    b.start();
    a.start();
  }
  ~Pair() {
    a.stop();  // the leader first: it posts to the follower
    b.stop();
  }
  static Driver::Options options(bool leader) {
    Driver::Options o;
    o.playing = false;
    o.maxRecordsPerBatch = 1u << 20;
    o.beginFirstStep = leader;
    return o;
  }
  static void drain(Driver& d, Seen& seen, std::chrono::milliseconds wait) {
    DriverBatch batch = d.waitAndTake(wait);
    if (!batch.hasStatus) return;
    if (batch.newRun) seen.records.clear();
    for (auto& r : batch.records) seen.records.push_back(r.record);
    seen.status = batch.status;
  }
  // Until both have handled every command, the leader has stopped and the
  // follower has caught up with it.
  bool settled() {
    const auto giveUp = std::chrono::steady_clock::now() + kSafety;
    while (std::chrono::steady_clock::now() < giveUp) {
      drain(a, seenA, std::chrono::milliseconds(50));
      drain(b, seenB, std::chrono::milliseconds(1));
      const DriverStatus& s = seenA.status;
      if (s.commandsHandled >= a.commandsPosted() && !s.playing && !s.busy &&
          seenB.status.commandsHandled >= b.commandsPosted() && seenB.status.now == s.now &&
          seenB.status.run > 0)
        return true;
    }
    return false;
  }
  static std::vector<TraceRecord> commands(const Seen& seen) {
    std::vector<TraceRecord> v;
    for (const auto& r : seen.records)
      if (r.kind == TraceKind::Command) v.push_back(r);
    return v;
  }

  Comparison comparison;
  Driver b;  // declared first: it outlives the leader
  Driver a;
  Seen seenA, seenB;
};

TEST(FollowingDriver, StaysAtTheLeadersTimeThroughStepsAndRuns) {
  Pair p;
  ASSERT_TRUE(p.settled());
  EXPECT_EQ(p.seenB.status.step, 0u) << "the follower begins step 0 when the leader does";
  for (int i = 0; i < 20; ++i) p.a.stepEvent();
  ASSERT_TRUE(p.settled());
  EXPECT_GT(p.seenA.status.now, SimTime{0});
  EXPECT_EQ(p.seenB.status.now, p.seenA.status.now);
  p.a.runTo(SimTime{4'500'000});
  ASSERT_TRUE(p.settled());
  EXPECT_EQ(p.seenA.status.now, SimTime{4'500'000});
  EXPECT_EQ(p.seenB.status.now, SimTime{4'500'000});
  EXPECT_EQ(p.seenB.status.step, p.seenA.status.step);
  EXPECT_EQ(p.seenA.status.step, 1u) << "runTo went through step 1's condition (after 3 s)";
}

TEST(FollowingDriver, AUsersCommandReachesTheFollowerAtTheSameTime) {
  Pair p;
  p.a.runTo(SimTime{1'234'567});
  ASSERT_TRUE(p.settled());
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = 3;
  p.a.apply(crash);
  p.a.runTo(SimTime{2'000'000});
  ASSERT_TRUE(p.settled());
  const auto inA = Pair::commands(p.seenA);
  const auto inB = Pair::commands(p.seenB);
  ASSERT_FALSE(inA.empty());
  ASSERT_EQ(inA.size(), inB.size());
  EXPECT_EQ(inB.back().at, SimTime{1'234'567});
  EXPECT_EQ(inB.back().at, inA.back().at);
  EXPECT_EQ(inB.back().node, NodeId{3});
}

// The follower's run is the headless lockstep's run B (headless_compare):
// deterministic, and the same whether driven by threads or directly.
TEST(FollowingDriver, RunsAsTheHeadlessLockstepDoes) {
  Pair p;
  p.a.runToEnd();
  ASSERT_TRUE(p.settled());
  const testing_detail::Lockstep lockstep(p.comparison);
  const ScenarioRunner& a = lockstep.a;
  const ScenarioRunner& b = lockstep.b;
  EXPECT_EQ(p.seenA.status.now, a.simulation().now());
  EXPECT_EQ(p.seenA.status.traceHash, a.simulation().kernel().trace().hash());
  EXPECT_EQ(p.seenB.status.now, b.simulation().now());
  EXPECT_EQ(p.seenB.status.traceHash, b.simulation().kernel().trace().hash());
  EXPECT_NE(p.seenB.status.traceHash, p.seenA.status.traceHash);
}

TEST(FollowingDriver, ResetAndGotoStepRebuildTheFollowerToo) {
  Pair p;
  p.a.runTo(SimTime{7'000'000});
  ASSERT_TRUE(p.settled());
  const std::uint64_t hashB = p.seenB.status.traceHash;
  const std::uint64_t runB = p.seenB.status.run;
  p.a.reset();
  p.a.runTo(SimTime{7'000'000});
  ASSERT_TRUE(p.settled());
  EXPECT_GT(p.seenB.status.run, runB);
  EXPECT_EQ(p.seenB.status.traceHash, hashB) << "the same seed and steps: the same run B";
  p.a.gotoStep(2);
  p.a.pause();
  ASSERT_TRUE(p.settled());
  EXPECT_EQ(p.seenB.status.step, 2u);
  EXPECT_EQ(p.seenB.status.now, p.seenA.status.now);
}

}  // namespace
}  // namespace cs
