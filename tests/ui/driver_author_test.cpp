// The driver and recorded runs: a scenario saved from a session whose
// commands came between two events of one simulated instant plays in the
// driver to the session's trace hash (each step stops at exactly its point,
// whatever the pace); a replay opened in the driver is its branch 0, at its
// end, paused. No Qt; waits on the outbox are a bounded safety net.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace cs
