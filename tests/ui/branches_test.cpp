// The scenario's steps and reset travel in time without losing branches:
// "previous step" seeks to where the step began in the current branch, and
// acting there forks while the old branch stays (switching back restores it,
// hash for hash); "next step" follows the recorded branch, commands and all,
// back to the same run; "restart this step" replays the step identically;
// reset with the same seed keeps the branches, a new seed starts over. No
// Qt; waits on the outbox are a bounded safety net.
#include <gtest/gtest.h>

#include <functional>

#include "clusterscope/driver.h"
#include "settle.h"
#include "two_steps.h"

namespace cs {
namespace {

using fixtures::ms;
using fixtures::Settle;

// The two-step scenario played flat out as a lecturer would: step 0 runs to
// its condition (a leader elected at c0) and pauses; the user writes through
// the leader; half a second later step 1 fails the leader and runs to its
// condition (t1).
class StepTravel : public ::testing::Test {
 protected:
  void SetUp() override {
    Driver::Options o;
    o.playing = false;
    o.speed = Driver::kFlatOut;
    driver = std::make_unique<Driver>(parseScenario(fixtures::kTwoSteps, "test:two-steps"),
                                      std::nullopt, o);
    settle = std::make_unique<Settle>(*driver);
    driver->start();
    ASSERT_TRUE(settled());
    driver->play();
    ASSERT_TRUE(settled());
    ASSERT_TRUE(status().conditionMet);
    ASSERT_EQ(status().step, 0u);
    c0 = status().now;
    c0Hash = status().traceHash;
    leader = timeline().milestones.back().node;
    driver->apply(write());
    driver->runTo(c0 + SimDuration{500'000});
    ASSERT_TRUE(settled());
    driver->nextStep();
    ASSERT_TRUE(settled());
    ASSERT_EQ(status().step, 1u);
    ASSERT_TRUE(status().conditionMet);
    t1 = status().now;
    t1Hash = status().traceHash;
    ASSERT_EQ(timeline().branches.size(), 1u);
  }
  void TearDown() override { driver->stop(); }

  bool settled() { return (*settle)(); }
  const DriverStatus& status() const { return settle->status; }
  const Timeline& timeline() const { return *settle->timeline; }
  static Command write() {
    Command c;
    c.kind = CommandKind::Pattern;
    c.verb = "client-write";
    c.args = {"x", "1"};
    return c;
  }

  std::unique_ptr<Driver> driver;
  std::unique_ptr<Settle> settle;
  SimTime c0{}, t1{};
  std::uint64_t c0Hash = 0, t1Hash = 0;
  NodeId leader = kNoNode;
};

TEST_F(StepTravel, PreviousThenNextStepReachesTheSameRun) {
  const std::uint64_t run = status().run;
  driver->gotoStep(0);
  ASSERT_TRUE(settled());
  EXPECT_GT(status().run, run);
  EXPECT_EQ(status().step, 0u);
  EXPECT_EQ(status().now, c0) << "paused at step 0's condition, as the first time";
  EXPECT_EQ(status().traceHash, c0Hash);
  EXPECT_EQ(status().head, t1) << "the future is kept";

  driver->nextStep();  // through the recorded write, to where step 1 began
  ASSERT_TRUE(settled());
  EXPECT_EQ(status().step, 1u);
  EXPECT_EQ(status().now, t1);
  EXPECT_EQ(status().traceHash, t1Hash);
  EXPECT_EQ(timeline().branches.size(), 1u) << "following the branch forks nothing";
  EXPECT_EQ(status().branch, 0u);
}

TEST_F(StepTravel, ActingAfterGoingBackForksAndTheOldBranchStays) {
  driver->gotoStep(0);
  ASSERT_TRUE(settled());
  ASSERT_EQ(status().now, c0);
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = static_cast<NodeId>((leader + 1) % 5);
  driver->apply(crash);
  ASSERT_TRUE(settled());
  ASSERT_EQ(timeline().branches.size(), 2u);
  const BranchInfo& fork = timeline().branches[1];
  EXPECT_EQ(status().branch, 1u);
  EXPECT_EQ(fork.parent, 0u);
  EXPECT_EQ(fork.forkedAt, c0);
  EXPECT_EQ(fork.label, "crash node " + std::to_string(crash.node));
  EXPECT_EQ(timeline().branches[0].head, t1);

  driver->switchBranch(0);
  ASSERT_TRUE(settled());
  driver->seek(t1);
  ASSERT_TRUE(settled());
  EXPECT_EQ(status().branch, 0u);
  EXPECT_EQ(status().now, t1);
  EXPECT_EQ(status().traceHash, t1Hash);
  EXPECT_EQ(status().step, 1u);
}

TEST_F(StepTravel, RestartingTheStepReplaysItIdentically) {
  driver->gotoStep(1);
  ASSERT_TRUE(settled());
  EXPECT_EQ(status().step, 1u);
  EXPECT_EQ(status().now, t1);
  EXPECT_EQ(status().traceHash, t1Hash);
  EXPECT_EQ(timeline().branches.size(), 1u);
}

TEST_F(StepTravel, NextStepBeforeTheRecordedOneForksFromTheStepsPoint) {
  driver->gotoStep(0);
  ASSERT_TRUE(settled());
  driver->apply(write());  // a different future: step 1 now begins in a new branch
  driver->nextStep();
  ASSERT_TRUE(settled());
  ASSERT_EQ(timeline().branches.size(), 2u);
  EXPECT_EQ(status().step, 1u);
  EXPECT_NE(status().traceHash, t1Hash);
  EXPECT_EQ(timeline().branches[1].forkedAt, c0);
}

TEST_F(StepTravel, ResetWithTheSameSeedKeepsTheBranchesAndANewSeedStartsOver) {
  driver->gotoStep(0);
  ASSERT_TRUE(settled());
  driver->apply(write());
  ASSERT_TRUE(settled());
  ASSERT_EQ(timeline().branches.size(), 2u);
  driver->reset();
  ASSERT_TRUE(settled());
  EXPECT_EQ(status().now, SimTime{0});
  EXPECT_EQ(status().step, 0u);
  EXPECT_EQ(status().branch, 1u);
  EXPECT_EQ(timeline().branches.size(), 2u);
  driver->play();
  ASSERT_TRUE(settled());
  EXPECT_EQ(status().now, c0) << "the branch's step 0 replays";
  EXPECT_EQ(status().traceHash, c0Hash);

  driver->reset(99);
  ASSERT_TRUE(settled());
  EXPECT_EQ(status().seed, 99u);
  EXPECT_EQ(timeline().branches.size(), 1u);
  EXPECT_EQ(status().head, SimTime{0});
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

// Paced play (not flat out) runs on a timer: a reset or a step sought while
// it plays must leave the run playing on from there.
class PacedTravel : public ::testing::TestWithParam<int> {};

TEST_P(PacedTravel, PlayGoesOnAfterResetAndGoingBackAStep) {
  Driver::Options o;
  o.playing = true;
  o.speed = 20;
  // One long step, so nothing pauses the run on its own.
  Driver d(parseScenario(R"({"title": "Free run", "description": "The cluster runs on.",
                             "pattern": "leader-election", "seed": 3, "options": {"nodes": 5},
                             "steps": [{"title": "Run", "narration": "Watch.",
                                        "until": {"after": 600}}]})",
                         "test:free"),
           std::nullopt, o);
  d.start();
  const auto waitFor = [&](const std::function<bool(const DriverStatus&)>& done) {
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < giveUp) {
      DriverBatch b = d.waitAndTake(std::chrono::milliseconds(200));
      if (b.hasStatus && done(b.status)) return true;
    }
    return false;
  };
  ASSERT_TRUE(waitFor([](const DriverStatus& s) { return s.now > ms(300); }));
  if (GetParam() == 0)
    d.reset();
  else
    d.gotoStep(0);
  const std::uint64_t posted = d.commandsPosted();
  EXPECT_TRUE(waitFor([&](const DriverStatus& s) {
    return s.commandsHandled >= posted && s.playing && s.now > ms(100);
  })) << "the rebuilt run plays on";
  d.stop();
}

INSTANTIATE_TEST_SUITE_P(ResetOrPreviousStep, PacedTravel, ::testing::Values(0, 1));

}  // namespace
}  // namespace cs

namespace cs {
namespace {

// A fork's parent is the branch whose own history the fork point lies on:
// acting in branch 2 before the moment it left branch 1 forks from branch 1.
TEST_F(StepTravel, AForkBeforeTheCurrentBranchBeganHangsOffTheBranchThatOwnsThatMoment) {
  const SimTime late = t1 - SimDuration{50'000};
  driver->seek(late);
  ASSERT_TRUE(settled());
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = static_cast<NodeId>((leader + 2) % 5);
  driver->apply(crash);  // branch 2, off branch 1 late in step 1
  ASSERT_TRUE(settled());
  ASSERT_EQ(status().branch, 1u);
  ASSERT_EQ(timeline().branches[1].forkedAt, late);
  driver->seek(c0);  // still branch 2, at a moment it shares with branch 1
  ASSERT_TRUE(settled());
  Command bad;
  bad.kind = CommandKind::Crash;
  bad.node = 99;
  driver->apply(bad);  // rejected: no branch, and still branch 2
  ASSERT_TRUE(settled());
  EXPECT_EQ(timeline().branches.size(), 2u);
  EXPECT_EQ(status().branch, 1u);
  driver->apply(write());
  ASSERT_TRUE(settled());
  ASSERT_EQ(timeline().branches.size(), 3u);
  EXPECT_EQ(timeline().branches[2].parent, 0u);
  EXPECT_EQ(timeline().branches[2].forkedAt, c0);
  driver->runTo(c0 + SimDuration{200'000});
  ASSERT_TRUE(settled());
  driver->seek(c0 + SimDuration{100'000});  // after branch 3's own write: a fork off branch 3
  ASSERT_TRUE(settled());
  driver->apply(write());
  ASSERT_TRUE(settled());
  ASSERT_EQ(timeline().branches.size(), 4u);
  EXPECT_EQ(timeline().branches[3].parent, 2u);
}

}  // namespace
}  // namespace cs
