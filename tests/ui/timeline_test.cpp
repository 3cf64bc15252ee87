// Time travel in the driver: a moment reached by seeking is the moment
// reached by running (same trace hash); seeking back and forth returns to
// it; an action at a past moment forks a branch and keeps the old one, and
// a rejected one forks nothing;
// switching branches restores each one's run; the timeline carries the
// milestones and a fault band for a crashed node. No Qt; nothing sleeps
// for correctness (waits on the outbox are a bounded safety net).
#include <gtest/gtest.h>

#include <functional>

#include "clusterscope/driver.h"
#include "settle.h"
#include "two_steps.h"

namespace cs {
namespace {

using fixtures::ms;
using fixtures::Settle;

Command crash(NodeId n) {
  Command c;
  c.kind = CommandKind::Crash;
  c.node = n;
  return c;
}
Command restart(NodeId n) {
  Command c;
  c.kind = CommandKind::Restart;
  c.node = n;
  return c;
}

// The two-step scenario with the user's own faults along the way: node 4
// crashes at 3 s and restarts at 7 s. Ends paused at 10 s.
class TimeTravel : public ::testing::Test {
 protected:
  void SetUp() override {
    Driver::Options o;
    o.playing = false;
    driver = std::make_unique<Driver>(parseScenario(fixtures::kTwoSteps, "test:two-steps"),
                                      std::nullopt, o);
    settle = std::make_unique<Settle>(*driver);
    driver->start();
    ASSERT_TRUE((*settle)());
    runTo(ms(3000));
    driver->apply(crash(4));
    runTo(ms(6000));
    at6 = settle->status.traceHash;
    runTo(ms(7000));
    driver->apply(restart(4));
    runTo(ms(10'000));
    at10 = settle->status.traceHash;
  }
  void TearDown() override { driver->stop(); }

  void runTo(SimTime t) {
    driver->runTo(t);
    ASSERT_TRUE((*settle)());
    ASSERT_EQ(settle->status.now, t);
  }
  void seek(SimTime t) {
    driver->seek(t);
    ASSERT_TRUE((*settle)());
  }
  const DriverStatus& status() const { return settle->status; }
  const Timeline& timeline() const { return *settle->timeline; }

  std::unique_ptr<Driver> driver;
  std::unique_ptr<Settle> settle;
  std::uint64_t at6 = 0;
  std::uint64_t at10 = 0;
};

TEST_F(TimeTravel, SeekingReachesTheStateThatRunningReached) {
  seek(ms(6000));
  EXPECT_EQ(status().now, ms(6000));
  EXPECT_EQ(status().traceHash, at6);
  EXPECT_EQ(status().head, ms(10'000));
  EXPECT_FALSE(status().playing);
}

TEST_F(TimeTravel, SeekingBackThenForwardReturns) {
  seek(ms(2000));
  seek(ms(10'000));
  EXPECT_EQ(status().traceHash, at10);
  seek(ms(6000));
  EXPECT_EQ(status().traceHash, at6);
}

TEST_F(TimeTravel, PlayingOnAfterASeekFollowsTheRecordedFuture) {
  seek(ms(0));  // before the first step's condition: the steps begin as recorded
  runTo(ms(10'000));
  EXPECT_EQ(status().traceHash, at10);
  seek(ms(1000));
  runTo(ms(6000));
  EXPECT_EQ(status().traceHash, at6);
  runTo(ms(10'000));  // through the restart at 7 s, which nobody applied again
  EXPECT_EQ(status().traceHash, at10);
  EXPECT_EQ(timeline().branches.size(), 1u);
}

TEST_F(TimeTravel, AnActionAtAPastMomentForksAndKeepsTheOldFuture) {
  seek(ms(5000));
  driver->apply(crash(0));
  ASSERT_TRUE((*settle)());
  ASSERT_EQ(timeline().branches.size(), 2u);
  const BranchInfo& fork = timeline().branches[1];
  EXPECT_EQ(timeline().branch, 1u);
  EXPECT_EQ(status().branch, 1u);
  EXPECT_EQ(fork.parent, 0u);
  EXPECT_EQ(fork.forkedAt, ms(5000));
  EXPECT_EQ(fork.label, "crash node 0");
  EXPECT_EQ(status().head, ms(5000));
  EXPECT_EQ(timeline().branches[0].head, ms(10'000));

  runTo(ms(10'000));
  const std::uint64_t forked10 = status().traceHash;
  EXPECT_NE(forked10, at10);

  driver->switchBranch(0);
  ASSERT_TRUE((*settle)());
  EXPECT_EQ(status().branch, 0u);
  EXPECT_EQ(status().now, ms(10'000));
  EXPECT_EQ(status().traceHash, at10);

  driver->switchBranch(1);
  ASSERT_TRUE((*settle)());
  EXPECT_EQ(status().traceHash, forked10);
  seek(ms(6000));  // after the fork's crash: not the old branch's 6 s
  EXPECT_NE(status().traceHash, at6);
}

TEST_F(TimeTravel, ARejectedCommandAtAPastMomentForksNothing) {
  seek(ms(5000));
  const std::uint64_t hash = status().traceHash;
  const int timelines = settle->timelines;
  driver->apply(crash(99));
  ASSERT_TRUE((*settle)());
  ASSERT_EQ(settle->errors.size(), 1u);
  EXPECT_NE(settle->errors[0].find("node"), std::string::npos) << settle->errors[0];
  EXPECT_EQ(settle->timelines, timelines) << "no branch, not even one taken back: the "
                                             "timeline did not change";
  EXPECT_EQ(timeline().branches.size(), 1u);
  EXPECT_EQ(status().branch, 0u);
  EXPECT_EQ(status().traceHash, hash);
  EXPECT_EQ(status().head, ms(10'000));

  driver->apply(crash(0));  // a valid command there forks as usual
  ASSERT_TRUE((*settle)());
  ASSERT_EQ(timeline().branches.size(), 2u);
  EXPECT_EQ(timeline().branches[1].parent, 0u);
  EXPECT_EQ(timeline().branches[1].forkedAt, ms(5000));
}

TEST_F(TimeTravel, TheTimelineHasMilestonesAndAFaultBandForACrashedNode) {
  // Held: the seek below hands the fixture a new timeline and frees this one.
  const std::shared_ptr<const Timeline> before = settle->timeline;
  const Timeline& t = *before;
  EXPECT_EQ(t.head, ms(10'000));
  bool elected = false;
  for (const auto& m : t.milestones) elected |= m.name == "leader-elected";
  EXPECT_TRUE(elected);
  bool band = false;
  for (const auto& f : t.faults)
    if (f.node == 4 && f.fault == kFaultDown) {
      EXPECT_EQ(f.from, ms(3000));
      EXPECT_EQ(f.to, ms(7000));
      EXPECT_FALSE(f.open);
      band = true;
    }
  EXPECT_TRUE(band);
  // A seek forgets nothing: the history runs to the head.
  seek(ms(1000));
  EXPECT_EQ(timeline().faults.size(), t.faults.size());
  EXPECT_GE(timeline().steps.size(), 1u);
}

TEST(FaultBands, OpenBandsEndAtTheHead) {
  const std::vector<FaultChange> changes = {
      {1, ms(1000), 2, kFaultDown}, {2, ms(2000), 2, 0}, {3, ms(3000), 1, kFaultCut}};
  const auto bands = faultBands(changes, ms(9000));
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].node, 1);
  EXPECT_TRUE(bands[0].open);
  EXPECT_EQ(bands[0].to, ms(9000));
  EXPECT_EQ(bands[1].node, 2);
  EXPECT_EQ(bands[1].to, ms(2000));
  EXPECT_FALSE(bands[1].open);
}

}  // namespace
}  // namespace cs
