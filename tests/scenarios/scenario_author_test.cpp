// A session saved as a scenario re-runs to the same trace hash: a run of a
// bundled scenario with the user's own commands (a failed node, a pattern
// verb), some of them in the middle of a simulated instant, is drafted,
// written, read back and run as the headless runner runs a scenario. Also:
// the draft's steps, narration, the exact-point condition and a command the
// format cannot express.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../patterns/commands.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario_author.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using test_commands::fault;
using test_commands::verb;
using testing_detail::expectNames;
using testing_detail::inputErrorOf;
using testing_detail::runAllSteps;

// Runs to `t`, then on event by event until the run stands inside an
// instant: another event is due at the very time of the last one. A command
// there comes between two events of one instant, which only an exact point
// (not a time) reproduces.
void runIntoInstant(Simulation& sim, SimTime t) {
  sim.runUntil(t);
  for (int i = 0; i < 100'000; ++i) {
    sim.step();
    if (sim.kernel().nextEventTime() == sim.now()) return;
  }
  ADD_FAILURE() << "no instant with two events after " << toSeconds(t) << " s";
}

NodeId nodeNamed(const Simulation& sim, const std::string& name) {
  for (NodeId n = 0; n < sim.kernel().nodeCount(); ++n)
    if (sim.kernel().vocabulary().nodeName(n) == name) return n;
  ADD_FAILURE() << "no node " << name;
  return 0;
}

// Writes the draft, reads it back and runs it step by step.
std::unique_ptr<ScenarioRunner> rerun(const ScenarioDraft& draft) {
  const Scenario sc = parseScenario(draftJson(draft), "saved.json");
  auto runner = std::make_unique<ScenarioRunner>(sc);
  for (std::size_t i = 0; i < runner->stepCount(); ++i) {
    runner->beginStep(i);
    EXPECT_TRUE(runner->runStep()) << "step " << i;
  }
  return runner;
}

void expectSameEnd(const ScenarioRunner& session, const ScenarioRunner& saved) {
  const Kernel& a = session.simulation().kernel();
  const Kernel& b = saved.simulation().kernel();
  EXPECT_EQ(b.now(), a.now());
  EXPECT_EQ(b.eventsProcessed(), a.eventsProcessed());
  EXPECT_EQ(b.metrics().samplesTaken(), a.metrics().samplesTaken());
  EXPECT_EQ(b.trace().hash(), a.trace().hash());
  EXPECT_EQ(saved.simulation().commandLog().size(), session.simulation().commandLog().size());
}

TEST(ScenarioAuthor, ARaftSessionReRunsToTheSameHash) {
  ScenarioRunner session(loadScenario("leader-fails"));
  Simulation& sim = session.simulation();
  session.beginStep(0);
  session.runStep();  // a leader is elected
  runIntoInstant(sim, sim.now() + fromSeconds(0.4));
  sim.apply(fault(CommandKind::Crash, 4));  // the user fails a node
  runIntoInstant(sim, sim.now() + fromSeconds(0.3));
  Command write = verb("client-write", {"x", "1", "2"});
  write.node = 2;  // as the window sends it: the node it is sent to
  sim.apply(write);
  sim.runUntil(sim.now() + fromSeconds(0.5));
  session.beginStep(1);  // the scenario's next step: the leader crashes
  session.runStep();
  Command timeout = verb("timeout", {"3"});
  timeout.node = 3;
  sim.apply(timeout);
  sim.apply(fault(CommandKind::Restart, 4));  // two at the same point
  runIntoInstant(sim, sim.now() + fromSeconds(1));

  ScenarioDraft draft = draftScenario(captureReplay(session));
  ASSERT_EQ(draft.steps.size(), 6u);  // the opening, crash, write, step 2, timeout, restart
  EXPECT_EQ(draft.steps[0].at.at, SimTime{0});
  EXPECT_EQ(draft.steps[1].action, "crash node 4");
  EXPECT_EQ(draft.steps[2].action, "client-write x 1 node 2");
  EXPECT_NE(draft.steps[3].narration.find("leader"), std::string::npos)
      << "a step the session began keeps its narration";
  draft.steps[1].narration = "We fail node 4 ourselves.";
  draft.title = "My election demo";
  const auto saved = rerun(draft);
  expectSameEnd(session, *saved);
  EXPECT_EQ(saved->scenario().title, "My election demo");
  EXPECT_EQ(saved->scenario().steps[1].narration, "We fail node 4 ourselves.");
  EXPECT_EQ(saved->scenario().steps[2].narration, "Client-write x 1 node 2.")
      << "no narration typed: the action in words";
}

TEST(ScenarioAuthor, AShopSessionReRunsToTheSameHash) {
  ScenarioRunner session(loadScenario("breaker-trips"));
  Simulation& sim = session.simulation();
  session.beginStep(0);
  runIntoInstant(sim, fromSeconds(1.2));
  sim.apply(verb("sick", {"payment", "900", "0.25"}));
  runIntoInstant(sim, sim.now() + fromSeconds(0.3));
  sim.apply(fault(CommandKind::Crash, nodeNamed(sim, "catalog")));
  sim.apply(verb("naive-retries", {"3"}));
  runIntoInstant(sim, sim.now() + fromSeconds(0.3));
  Command partition;
  partition.kind = CommandKind::Partition;
  partition.groups = {{0, 1}, {2, 3, 4, 5}};
  sim.apply(partition);
  sim.runUntil(sim.now() + fromSeconds(0.5));

  const ScenarioDraft draft = draftScenario(captureReplay(session));
  ASSERT_EQ(draft.steps.size(), 5u);
  EXPECT_EQ(draft.steps[2].action, "crash catalog");
  const std::string text = draftJson(draft);
  EXPECT_NE(text.find(R"({"do":"crash","node":"catalog"})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("error_rate":"0.25")"), std::string::npos) << text;
  const auto saved = rerun(draft);
  expectSameEnd(session, *saved);
}

TEST(ScenarioAuthor, ASavedFileRunsLikeAnyScenario) {
  ScenarioRunner session(loadScenario("basic-election"));
  session.beginStep(0);
  runIntoInstant(session.simulation(), fromSeconds(0.7));
  session.simulation().apply(fault(CommandKind::Pause, 1));
  // The first instant with two events may come long after 0.7 s: run on from
  // wherever it was.
  session.simulation().runUntil(session.simulation().now() + fromSeconds(1.3));
  const auto file = std::filesystem::temp_directory_path() / "clusterscope-author-test.json";
  saveDraft(draftScenario(captureReplay(session)), file.string());
  ScenarioRunner saved(loadScenario(file.string()));
  runAllSteps(saved);
  EXPECT_EQ(saved.simulation().kernel().trace().hash(),
            session.simulation().kernel().trace().hash());
  std::filesystem::remove(file);
}

TEST(ScenarioAuthor, AnAtConditionStopsAtThatTimeOfTheRun) {
  const Scenario sc = parseScenario(R"({
    "title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
    "steps": [
      { "title": "a", "narration": "n", "until": {"at": 1.5} },
      { "title": "b", "narration": "n", "until": {"at": 1.0} }
    ]})",
                                    "at.json");
  ScenarioRunner runner(sc);
  runner.beginStep(0);
  EXPECT_FALSE(runner.conditionMet());
  EXPECT_TRUE(runner.runStep());
  EXPECT_EQ(runner.simulation().now(), fromSeconds(1.5));
  runner.beginStep(1);
  EXPECT_TRUE(runner.conditionMet()) << "a point already passed is met at once";
  runner.runStep();
  EXPECT_EQ(runner.simulation().now(), fromSeconds(1.5));
}

TEST(ScenarioAuthor, AnAtConditionIsCheckedLikeAnyField) {
  auto parse = [](const std::string& until) {
    return inputErrorOf([&] {
      parseScenario(R"({"title": "T", "description": "D", "pattern": "leader-election",
        "seed": 3, "steps": [{"title": "a", "narration": "n", "until": )" +
                        until + "}]}",
                    "x.json");
    });
  };
  expectNames(parse(R"({"at": -1})"), {"x.json: steps[0].until.at", "from 0 to 86400"});
  expectNames(parse(R"({"at": 1, "events": -2})"), {"steps[0].until.events", "got -2"});
  expectNames(parse(R"({"at": 1, "event": 2})"), {"steps[0].until", "event"});
}

TEST(ScenarioAuthor, ACommandTheFormatCannotExpressIsNamed) {
  ScenarioRunner session(loadScenario("basic-election"));
  session.beginStep(0);
  session.simulation().runUntil(fromSeconds(1));
  // A write sent to node 2 whose command does not name node 2: read back,
  // the action would name it, and the run's trace would differ.
  session.simulation().apply(verb("client-write", {"k", "v", "2"}));
  const ScenarioDraft draft = draftScenario(captureReplay(session));
  expectNames(inputErrorOf([&] { draftJson(draft); }),
              {"steps[1].actions[0]", "client-write k v 2", "node argument"});
}

}  // namespace
}  // namespace cs
