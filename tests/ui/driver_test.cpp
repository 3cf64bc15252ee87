// The driver: commands run on the engine thread and are traced, one step is
// one event, scenario steps pause at their conditions, a reset reproduces the
// run, and the wake callback never floods. No Qt. Nothing sleeps for
// correctness: the tests use step and flat-out commands and wait on the
// outbox only as a safety net against hangs.
#include "clusterscope/driver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>

#include "two_steps.h"

namespace cs {
namespace {

constexpr auto kSafety = std::chrono::milliseconds(20'000);

using fixtures::kTwoSteps;

Scenario twoSteps() {
  return parseScenario(kTwoSteps, "test:two-steps");
}

Scenario freeRun() {
  return parseScenario(
      R"({"title": "Free run", "description": "One long step: the cluster runs on.",
                           "pattern": "leader-election", "seed": 3, "options": {"nodes": 5},
                           "steps": [{"title": "Run", "narration": "Watch.",
                                      "until": {"after": 600}}]})",
      "test:free");
}

// Accumulates batches until `done` holds for the latest status.
struct Watcher {
  explicit Watcher(Driver& d) : driver(d) {}
  Driver& driver;
  std::vector<DriverRecord> records;
  DriverStatus status;
  int batches = 0;

  bool until(const std::function<bool(const DriverStatus&)>& done) {
    const auto give_up = std::chrono::steady_clock::now() + kSafety;
    while (std::chrono::steady_clock::now() < give_up) {
      DriverBatch b = driver.waitAndTake(std::chrono::milliseconds(200));
      if (!b.hasStatus) continue;
      ++batches;
      if (b.newRun) records.clear();
      for (auto& r : b.records) records.push_back(std::move(r));
      status = b.status;
      if (done(status)) return true;
    }
    return false;
  }
  // Waits until every command posted so far has been carried out and the
  // driver has stopped running.
  bool settled() {
    return until([this](const DriverStatus& s) {
      return s.commandsHandled >= driver.commandsPosted() && !s.playing && !s.busy;
    });
  }
};

Driver::Options paused() {
  Driver::Options o;
  o.playing = false;
  o.maxRecordsPerBatch = 1u << 20;
  return o;
}

TEST(Driver, StepProcessesExactlyOneEvent) {
  Driver d(twoSteps(), std::nullopt, paused());
  d.start();
  Watcher w(d);
  ASSERT_TRUE(w.settled());
  for (int i = 0; i < 5; ++i) {
    const auto before = w.status.eventsProcessed;
    d.stepEvent();
    ASSERT_TRUE(w.settled());
    EXPECT_EQ(w.status.eventsProcessed, before + 1);
  }
}

TEST(Driver, CommandsAreAppliedAndTraced) {
  Driver d(twoSteps(), std::nullopt, paused());
  d.start();
  Watcher w(d);
  Command c;
  c.kind = CommandKind::Crash;
  c.node = 2;
  d.apply(c);
  ASSERT_TRUE(w.settled());
  bool crashed = false, logged = false;
  for (const auto& r : w.records) {
    crashed |= r.record.kind == TraceKind::Crashed && r.record.node == 2;
    logged |= r.record.kind == TraceKind::Command && r.text == "command: crash node 2";
  }
  EXPECT_TRUE(crashed);
  EXPECT_TRUE(logged);
}

TEST(Driver, RejectedCommandIsReportedNotApplied) {
  Driver d(twoSteps(), std::nullopt, paused());
  d.start();
  Command c;
  c.kind = CommandKind::Crash;
  c.node = 99;
  d.apply(c);
  Watcher w(d);
  std::vector<std::string> errors;
  ASSERT_TRUE(
      w.until([&](const DriverStatus& s) { return s.commandsHandled >= d.commandsPosted(); }));
  for (const auto& r : w.records) EXPECT_NE(r.record.kind, TraceKind::Crashed);
}

TEST(Driver, PausesWhenTheStepConditionIsMetAndNextStepGoesOn) {
  Driver::Options o = paused();
  o.speed = Driver::kFlatOut;
  o.playing = true;
  Driver d(twoSteps(), std::nullopt, o);
  d.start();
  Watcher w(d);
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.conditionMet && !s.playing; }));
  EXPECT_EQ(w.status.step, 0u);
  d.nextStep();
  ASSERT_TRUE(
      w.until([](const DriverStatus& s) { return s.step == 1 && s.conditionMet && !s.playing; }));
  bool crashed = false;
  for (const auto& r : w.records) crashed |= r.record.kind == TraceKind::Crashed;
  EXPECT_TRUE(crashed) << "step 1 crashes the leader";
}

// Issue 12: the clicker's "next" never skips a step that has not run. At a
// pace so slow that the election would take minutes, the first press plays
// the step, the second fast-forwards it to its condition (met, not failed),
// and only the third begins the next step.
TEST(Driver, TheClickersNextRunsAStepFastForwardsItAndOnlyThenGoesOn) {
  Driver::Options o = paused();
  o.speed = 0.001;
  Driver d(twoSteps(), std::nullopt, o);
  d.start();
  Watcher w(d);
  const auto handled = [&d](const DriverStatus& s) {
    return s.commandsHandled >= d.commandsPosted();
  };
  ASSERT_TRUE(w.until(handled));
  d.advance();
  ASSERT_TRUE(w.until(handled));
  EXPECT_EQ(w.status.step, 0u) << "a step that has not run is not skipped";
  EXPECT_TRUE(w.status.playing);
  EXPECT_FALSE(w.status.fastForward);
  d.advance();
  ASSERT_TRUE(w.until(handled));
  EXPECT_EQ(w.status.step, 0u);
  EXPECT_TRUE(w.status.fastForward || w.status.conditionMet);
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.conditionMet && !s.playing; }));
  EXPECT_EQ(w.status.step, 0u);
  EXPECT_FALSE(w.status.stepFailed);
  EXPECT_FALSE(w.status.fastForward) << "met: the hurry is over";
  d.advance();
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.step == 1; }));
  EXPECT_TRUE(w.status.playing);
}

// A step whose condition holds the instant it begins (es-as-of's temporal
// query answers at once) ends at that instant, as headless: played on, the
// run must not take one more event first.
TEST(Driver, AStepMetTheInstantItBeginsEndsThere) {
  Driver::Options o = paused();
  o.speed = Driver::kFlatOut;
  o.playing = true;
  Driver d(loadScenario("es-as-of"), std::nullopt, o);
  d.start();
  Watcher w(d);
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.conditionMet && !s.playing; }));
  ASSERT_EQ(w.status.step, 0u);
  const SimTime begun = w.status.now;
  d.nextStep();
  ASSERT_TRUE(
      w.until([](const DriverStatus& s) { return s.step == 1 && s.conditionMet && !s.playing; }));
  EXPECT_EQ(w.status.now, begun);
}

// Issue 12: the votes that elect the leader are slowed into sight. Played
// at the scenario's own pace, the run slows below it while they fly, and
// says so.
TEST(Driver, SlowMotionHoldsTheVotesThatElectALeader) {
  Driver::Options o = paused();
  o.playing = true;
  Driver d(loadScenario("leader-fails"), std::nullopt, o);
  d.start();
  Watcher w(d);
  bool slowed = false;
  ASSERT_TRUE(w.until([&](const DriverStatus& s) {
    if (s.slowMotion) {
      slowed = true;
      EXPECT_LT(s.pace, s.speed);
    }
    return s.conditionMet && !s.playing;
  }));
  EXPECT_TRUE(slowed);
  EXPECT_EQ(w.status.speed, Driver::kDefaultSpeed) << "the scenario names no pace of its own";
  EXPECT_FALSE(w.status.slowMotion) << "the votes have arrived";
}

TEST(Driver, AStepThatCannotBeginIsReportedFailedAndPauses) {
  Driver::Options o = paused();
  o.speed = Driver::kFlatOut;
  o.playing = true;
  Driver d(parseScenario(R"({
    "title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
    "steps": [
      { "title": "elect", "narration": "n", "until": {"milestone": "leader-elected"} },
      { "title": "follow", "narration": "n",
        "until": {"milestone": "follows-leader", "node": "candidate"} }
    ]})",
                         "test:no-candidate"),
           std::nullopt, o);
  d.start();
  Watcher w(d);
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.conditionMet && !s.playing; }));
  d.nextStep();
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.step == 1 && !s.playing; }));
  EXPECT_TRUE(w.status.stepFailed);
  EXPECT_FALSE(w.status.conditionMet);
}

// The window's narration shows a step's expectations: the status carries
// what they came to at the point the condition was met, as headless prints.
TEST(Driver, AMetStepCarriesItsExpectationsOutcomes) {
  Driver::Options o = paused();
  o.speed = Driver::kFlatOut;
  o.playing = true;
  Driver d(parseScenario(R"({
    "title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
    "steps": [{ "title": "elect", "narration": "n", "until": {"milestone": "leader-elected"},
                "expect": [{"milestone": "leader-elected", "at-least": 1},
                           {"node": "leader", "is": "crashed"}] }]})",
                         "test:expect"),
           std::nullopt, o);
  d.start();
  Watcher w(d);
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.conditionMet && !s.playing; }));
  ASSERT_EQ(w.status.expectations.size(), 2u);
  EXPECT_TRUE(w.status.expectations[0].held) << w.status.expectations[0].text;
  EXPECT_FALSE(w.status.expectations[1].held);
  EXPECT_NE(w.status.expectations[1].text.find("(expected crashed)"), std::string::npos);
}

TEST(Driver, GotoStepReplaysEarlierSteps) {
  Driver d(twoSteps(), std::nullopt, paused());
  d.start();
  Watcher w(d);
  d.gotoStep(1);
  d.pause();
  ASSERT_TRUE(w.settled());
  EXPECT_EQ(w.status.step, 1u);
  EXPECT_EQ(w.status.run, 2u);
  bool elected = false, crashed = false;
  for (const auto& r : w.records) {
    elected |= r.record.kind == TraceKind::Milestone;
    crashed |= r.record.kind == TraceKind::Crashed;
  }
  EXPECT_TRUE(elected) << "step 0 ran to its condition";
  EXPECT_TRUE(crashed) << "step 1's action ran";
}

// Runs to 1.5 s: first `steps` single events, then flat out.
std::vector<std::string> runTo(Driver& d, int steps) {
  Watcher w(d);
  for (int i = 0; i < steps; ++i) d.stepEvent();
  d.runTo(fromSeconds(1.5));
  EXPECT_TRUE(w.settled());
  std::vector<std::string> out;
  for (const auto& r : w.records) out.push_back(std::to_string(r.record.at.count()) + " " + r.text);
  return out;
}

TEST(Driver, SpeedChangesWhenNotWhat) {
  Driver a(freeRun(), std::nullopt, paused());
  a.start();
  Driver b(freeRun(), std::nullopt, paused());
  b.start();
  const auto ra = runTo(a, 0);
  const auto rb = runTo(b, 37);
  ASSERT_GT(ra.size(), 50u);
  EXPECT_EQ(ra, rb);
}

TEST(Driver, ResetWithTheSameSeedReproducesTheRun) {
  Driver d(twoSteps(), std::nullopt, paused());
  d.start();
  const auto first = runTo(d, 0);
  d.reset();
  const auto second = runTo(d, 0);
  EXPECT_EQ(first, second);
  d.reset(12345);
  Watcher w(d);
  ASSERT_TRUE(w.settled());
  EXPECT_EQ(w.status.seed, 12345u);
  EXPECT_EQ(w.status.now, SimTime{0});
}

TEST(Driver, WakesOnceUntilDrained) {
  std::atomic<int> wakes{0};
  Driver d(twoSteps(), std::nullopt, paused());
  d.setWake([&] { ++wakes; });
  d.start();
  for (int i = 0; i < 50; ++i) d.stepEvent();
  d.stop();  // every posted command has run once the thread is joined
  EXPECT_EQ(wakes.load(), 1);
  DriverBatch b = d.take();
  EXPECT_TRUE(b.hasStatus);
  EXPECT_EQ(b.status.eventsProcessed, 50u);
  EXPECT_GE(b.records.size(), 50u) << "records accumulate across publishes";
  d.start();
  d.stepEvent();
  d.stop();
  EXPECT_EQ(wakes.load(), 2);
}

TEST(Driver, FlatOutStaysResponsive) {
  Driver::Options o = paused();
  o.maxRecordsPerBatch = 4096;
  Driver d(freeRun(), std::nullopt, o);
  d.start();
  d.setSpeed(Driver::kFlatOut);
  d.play();
  Watcher w(d);
  ASSERT_TRUE(w.until([](const DriverStatus& s) { return s.now > fromSeconds(30); }));
  // A command posted while running flat out is handled within a slice.
  d.pause();
  ASSERT_TRUE(w.settled());
  EXPECT_FALSE(w.status.playing);
  EXPECT_GT(w.batches, 1);
}

}  // namespace
}  // namespace cs
