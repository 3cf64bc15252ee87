// The driver and recorded runs: a scenario saved from a session whose
// commands came between two events of one simulated instant plays in the
// driver to the session's trace hash (each step stops at exactly its point,
// whatever the pace); a replay opened in the driver is its branch 0, at its
// end, paused. No Qt; waits on the outbox are a bounded safety net.
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "clusterscope/driver.h"
#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario_author.h"

namespace cs {
namespace {

// Drains batches until every posted command has run and the driver rests.
DriverStatus settle(Driver& d) {
  DriverStatus status;
  const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < giveUp) {
    DriverBatch b = d.waitAndTake(std::chrono::milliseconds(200));
    if (!b.hasStatus) continue;
    status = b.status;
    if (status.commandsHandled >= d.commandsPosted() && !status.playing && !status.busy) break;
  }
  return status;
}

// Runs to `t`, then event by event until the run stands inside an instant,
// after its second event with more to come: neither the instant's start nor
// its end, so only an exact point (not a time) reproduces it.
void runIntoInstant(Simulation& sim, SimTime t) {
  sim.runUntil(t);
  for (int i = 0; i < 1'000'000; ++i) {
    sim.step();
    if (sim.kernel().nextEventTime() != sim.now()) continue;
    sim.step();
    if (sim.kernel().nextEventTime() == sim.now()) return;
  }
  ADD_FAILURE() << "no instant with three events after " << toSeconds(t) << " s";
}

// Links without jitter: a leader's heartbeats reach its followers in one
// instant.
Scenario lockstep() {
  return parseScenario(R"({"title": "Lockstep", "description": "No jitter.",
    "pattern": "leader-election", "seed": 5,
    "options": {"nodes": 5, "latency": 2, "jitter": 0},
    "steps": [{"title": "Elect", "narration": "n", "until": {"milestone": "leader-elected"}},
              {"title": "Run", "narration": "n", "until": {"after": 30}}]})",
                       "lockstep.json");
}

// A crash and a forced timeout, each inside an instant.
ScenarioRunner& recordSession(ScenarioRunner& session) {
  Simulation& sim = session.simulation();
  session.beginStep(0);
  session.runStep();
  runIntoInstant(sim, sim.now() + fromSeconds(0.5));
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = (*sim.resolve("leader") + 1) % 5;
  sim.apply(crash);
  runIntoInstant(sim, sim.now() + fromSeconds(0.5));
  Command timeout;
  timeout.kind = CommandKind::Pattern;
  timeout.verb = "timeout";
  timeout.node = (crash.node + 1) % 5;
  timeout.args = {std::to_string(timeout.node)};
  sim.apply(timeout);
  runIntoInstant(sim, sim.now() + fromSeconds(0.5));
  return session;
}

TEST(DriverAuthoring, ASavedScenarioStopsEachStepAtItsExactPoint) {
  ScenarioRunner session(lockstep());
  recordSession(session);
  const Scenario saved =
      parseScenario(draftJson(draftScenario(captureReplay(session))), "saved.json");
  for (double speed : {Driver::kFlatOut, 100.0}) {
    Driver::Options o;
    o.playing = false;
    o.speed = speed;
    Driver d(saved, std::nullopt, o);
    d.start();
    settle(d);
    d.runToEnd();
    const DriverStatus s = settle(d);
    EXPECT_EQ(s.step, saved.steps.size() - 1) << "speed " << speed;
    EXPECT_EQ(s.now, session.simulation().now()) << "speed " << speed;
    EXPECT_EQ(s.eventsProcessed, session.simulation().kernel().eventsProcessed());
    EXPECT_EQ(s.traceHash, session.simulation().kernel().trace().hash()) << "speed " << speed;
  }
}

TEST(DriverAuthoring, AReplayOpensAsBranchZeroAtItsEnd) {
  ScenarioRunner session(lockstep());
  recordSession(session);
  Replay replay = captureReplay(session);
  Driver::Options o;
  o.playing = false;
  Driver d(replay, o);
  d.start();
  const DriverStatus s = settle(d);
  EXPECT_EQ(s.traceHash, replay.traceHash);
  EXPECT_EQ(s.now, replay.end.at);
  EXPECT_EQ(s.head, replay.end.at);
  EXPECT_EQ(s.branch, 0u);
  EXPECT_FALSE(s.playing);

  replay.traceHash ^= 1;
  replay.source = "edited.replay.json";
  try {
    Driver bad(replay, o);
    ADD_FAILURE() << "a replay that ends with another hash opened";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("edited.replay.json: the replay ended with trace-hash="),
              std::string::npos)
        << e.what();
  }
}

// A hand-written "at" step: a scenario whose first step ends at an instant
// that holds several events, given by time alone or with an event count.
Scenario atInstant(SimTime at, const std::string& events) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.6f", toSeconds(at));
  return parseScenario(R"({"title": "At", "description": "d", "pattern": "leader-election",
    "seed": 5, "options": {"nodes": 5, "latency": 2, "jitter": 0},
    "steps": [{"title": "To the instant", "narration": "n",
               "until": {"at": )" +
                           std::string(seconds) + events + R"(}},
              {"title": "On", "narration": "n", "until": {"after": 0.5}}]})",
                       "at.json");
}

// Headless and the driver (played at any pace) end an "at" step at the same
// point: without a count, after every event of the instant; with a count
// larger than the instant holds, at its end rather than never.
TEST(DriverAuthoring, AnAtStepEndsAtTheSamePointHeadlessAndInTheDriver) {
  ScenarioRunner probe(lockstep());
  probe.beginStep(0);
  probe.runStep();
  runIntoInstant(probe.simulation(), probe.simulation().now() + fromSeconds(0.3));
  const SimTime instant = probe.simulation().now();
  for (const std::string events : {"", R"(, "events": 100000000)"}) {
    const Scenario sc = atInstant(instant, events);
    ScenarioRunner headless(sc);
    std::uint64_t firstStepEvents = 0;
    for (std::size_t i = 0; i < sc.steps.size(); ++i) {
      headless.beginStep(i);
      ASSERT_TRUE(headless.runStep());
      if (i == 0) {
        firstStepEvents = headless.simulation().kernel().eventsProcessed();
        const auto next = headless.simulation().kernel().nextEventTime();
        EXPECT_TRUE(!next || *next > instant) << "the instant's events all ran" << events;
      }
    }
    for (double speed : {Driver::kFlatOut, 100.0}) {
      Driver::Options o;
      o.playing = false;
      o.speed = speed;
      Driver d(sc, std::nullopt, o);
      d.start();
      settle(d);
      d.play();
      DriverStatus s = settle(d);
      EXPECT_EQ(s.step, 0u) << "speed " << speed << events;
      EXPECT_TRUE(s.conditionMet) << "speed " << speed << events;
      EXPECT_EQ(s.now, instant) << "speed " << speed << events;
      EXPECT_EQ(s.eventsProcessed, firstStepEvents) << "speed " << speed << events;
      d.runToEnd();
      s = settle(d);
      EXPECT_EQ(s.now, headless.simulation().now()) << "speed " << speed << events;
      EXPECT_EQ(s.eventsProcessed, headless.simulation().kernel().eventsProcessed());
      EXPECT_EQ(s.traceHash, headless.simulation().kernel().trace().hash())
          << "speed " << speed << events;
    }
  }
}

// The window drains the driver only when woken: an opened replay must wake
// it with its first batch and again after play, like any run.
TEST(DriverAuthoring, AnOpenedReplayWakesItsReader) {
  ScenarioRunner session(lockstep());
  recordSession(session);
  Driver::Options o;
  o.playing = false;
  Driver d(captureReplay(session), o);
  std::mutex m;
  std::condition_variable woken;
  int wakes = 0;
  d.setWake([&] {
    std::lock_guard lock(m);
    ++wakes;
    woken.notify_all();
  });
  auto waitForWake = [&](int n) {
    std::unique_lock lock(m);
    return woken.wait_for(lock, std::chrono::seconds(20), [&] { return wakes >= n; });
  };
  d.start();
  ASSERT_TRUE(waitForWake(1)) << "opening the replay never woke the reader";
  EXPECT_TRUE(d.take().hasStatus);
  d.play();
  ASSERT_TRUE(waitForWake(2)) << "playing on never woke the reader";
  EXPECT_TRUE(d.take().hasStatus);
}

}  // namespace
}  // namespace cs
