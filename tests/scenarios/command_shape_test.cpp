// The table of command shapes (command.h) agrees with everything that reads
// or writes commands: a scenario action of each kernel fault takes exactly
// the arguments its shape names, and a run with one command of every kind
// comes back unchanged from a replay file and from the scenario writer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clusterscope/replay.h"
#include "clusterscope/scenario_author.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using nlohmann::json;
using testing_detail::expectNames;
using testing_detail::inputErrorOf;
using testing_detail::runAllSteps;

std::string scenarioWith(const json& actions) {
  json steps = json::array();
  steps.push_back(
      {{"title", "T"}, {"narration", "N"}, {"actions", actions}, {"until", {{"after", 0.5}}}});
  return json{{"title", "Test"},
              {"description", "One step of actions."},
              {"pattern", "leader-election"},
              {"seed", 7},
              {"options", {{"nodes", 5}}},
              {"steps", steps}}
      .dump();
}

// Every argument a scenario action can give, under its key, with a value
// that suits five servers.
const json kArguments = {{"node", 1},
                         {"peer", 2},
                         {"ms", 20},
                         {"groups", json::array({json::array({0, 1}), json::array({2, 3, 4})})},
                         {"latency", 30}};

bool takes(const CommandShape& shape, const std::string& key) {
  return (key == "node" && shape.node) || (key == "peer" && shape.peer) ||
         (key == "ms" && shape.duration) || (key == "groups" && shape.groups) ||
         (key == "latency" && shape.link);
}

json actionOf(const CommandShape& shape) {
  json a = {{"do", shape.name}};
  for (const auto& [key, value] : kArguments.items())
    if (takes(shape, key)) a[key] = value;
  return a;
}

TEST(CommandShape, AScenarioActionTakesTheArgumentsOfItsShape) {
  for (const CommandShape& shape : kCommandShapes) {
    if (shape.verb) continue;
    SCOPED_TRACE(std::string(shape.name));
    const Scenario sc = parseScenario(scenarioWith(json::array({actionOf(shape)})), "t.json");
    const ScenarioAction& a = sc.steps.at(0).actions.at(0);
    EXPECT_EQ(a.command.kind, shape.kind);
    EXPECT_EQ(a.node.has_value(), shape.node);
    EXPECT_EQ(a.peer.has_value(), shape.peer);
    EXPECT_EQ(a.groups.size(), shape.groups ? 2u : 0u);
    EXPECT_EQ(a.command.duration, shape.duration ? fromMillis(20) : SimDuration{0});
    EXPECT_EQ(a.sets.latency, shape.link);
  }
}

TEST(CommandShape, AScenarioActionRefusesAnArgumentItsShapeLacks) {
  for (const CommandShape& shape : kCommandShapes) {
    if (shape.verb) continue;
    for (const auto& [key, value] : kArguments.items()) {
      if (takes(shape, key)) continue;
      SCOPED_TRACE(std::string(shape.name) + " with " + key);
      json action = actionOf(shape);
      action[key] = value;
      expectNames(
          inputErrorOf([&] { parseScenario(scenarioWith(json::array({action})), "t.json"); }),
          {"steps[0].actions[0]." + key, "unknown field"});
    }
  }
}

TEST(CommandShape, AScenarioActionNeedsEveryArgumentOfItsShape) {
  for (const CommandShape& shape : kCommandShapes) {
    if (shape.verb) continue;
    // A network action gives any of its link settings; the others keep their values.
    for (const std::string key : {"node", "peer", "ms", "groups"}) {
      if (!takes(shape, key)) continue;
      SCOPED_TRACE(std::string(shape.name) + " without " + key);
      json action = actionOf(shape);
      action.erase(key);
      expectNames(
          inputErrorOf([&] { parseScenario(scenarioWith(json::array({action})), "t.json"); }),
          {"steps[0].actions[0]." + key, "missing"});
    }
  }
}

bool sameCommand(const Command& a, const Command& b) {
  return a.kind == b.kind && a.node == b.node && a.peer == b.peer && a.groups == b.groups &&
         a.duration == b.duration && a.link.latency == b.link.latency &&
         a.link.jitter == b.link.jitter && a.link.loss == b.link.loss &&
         a.link.duplicate == b.link.duplicate && a.verb == b.verb && a.args == b.args &&
         a.at == b.at && a.afterEvent == b.afterEvent && a.afterSamples == b.afterSamples;
}

// One action of every kind, a slow one back to normal speed (a duration
// the replay file leaves out) and a pattern verb with a node.
TEST(CommandShape, EveryKindComesBackFromAReplayFileAndTheScenarioWriter) {
  json actions = json::array();
  for (const CommandShape& shape : kCommandShapes)
    if (!shape.verb) actions.push_back(actionOf(shape));
  actions.push_back({{"do", "slow"}, {"node", 1}, {"ms", 0}});
  actions.push_back({{"do", "client-write"}, {"key", "x"}, {"value", "1"}, {"node", 3}});
  ScenarioRunner runner(parseScenario(scenarioWith(actions), "t.json"));
  runAllSteps(runner);
  const Replay run = captureReplay(runner);
  ASSERT_EQ(run.commands.size(), actions.size());

  const Replay back = parseReplay(replayJson(run), "t.replay.json");
  ASSERT_EQ(back.commands.size(), run.commands.size());
  for (std::size_t i = 0; i < run.commands.size(); ++i)
    EXPECT_TRUE(sameCommand(back.commands[i], run.commands[i]))
        << "commands[" << i << "]: " << runner.simulation().describe(run.commands[i]);

  // The writer reads its text back and refuses a command that changed.
  EXPECT_EQ(inputErrorOf([&] { draftJson(draftScenario(run)); }), "");
}

}  // namespace
}  // namespace cs
