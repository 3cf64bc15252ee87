// What a scenario or replay file may ask of the reader (issue 14): nesting,
// size, steps, actions, commands and simulated time are limited and named in
// the error, and checked while reading, before the expensive work they would
// cause; nonsense actions are refused; errors quote a short prefix of a bad
// value, never the whole of it. Test thread only.
#include <gtest/gtest.h>

#include <string>

#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::expectNames;
using testing_detail::inputErrorOf;

// A leader-election scenario with `options` and `steps` spliced in as text.
std::string scenarioText(const std::string& options, const std::string& steps) {
  return R"({"title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
    "options": )" +
         options + R"(, "steps": )" + steps + "}";
}

std::string step(const std::string& until, const std::string& actions = "[]") {
  return R"({"title": "s", "narration": "n", "actions": )" + actions + R"(, "until": )" + until +
         "}";
}

std::string repeated(const std::string& item, std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += (i ? "," : "") + item;
  return s + "]";
}

std::string errorOf(const std::string& text) {
  return inputErrorOf([&] { parseScenario(text, "x.json"); });
}

const std::string kOneStep = std::string("[") + step(R"({"after": 1})") + "]";

TEST(InputLimits, NestingDeeperThanTheLimitIsRefusedWhileReading) {
  // Tens of thousands deep overflowed the stack (recursive copies and
  // error formatting); the reader stops at the limit.
  const std::size_t depth = 50'000;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  expectNames(errorOf(scenarioText(R"({"nodes": )" + deep + "}", kOneStep)),
              {"x.json: options.nodes[0][0]", "nested deeper than 64 levels (the limit)"});
}

TEST(InputLimits, AReplayWhoseDefinitionHoldsADeepArrayIsRefusedAsItIsRead) {
  // Pretty-printed with growing indentation, this took 31 s and 1.9 GB to
  // refuse; now the JSON reader refuses it before the definition is printed.
  const std::size_t depth = 20'000;
  const std::string text =
      R"({"clusterscope-replay": 1, "scenario": {"name": "x", "source": "x.json", "definition": )" +
      scenarioText("{\"deep\": " + std::string(depth, '[') + std::string(depth, ']') + "}",
                   kOneStep) +
      "}}";
  expectNames(inputErrorOf([&] { parseReplay(text, "a.replay.json"); }),
              {"a.replay.json: scenario.definition.options.deep", "nested deeper than 64"});
}

TEST(InputLimits, AFileOverTheSizeLimitIsRefusedBeforeItIsParsed) {
  const std::string big = scenarioText("{}", kOneStep) + std::string(9u << 20, ' ');
  expectNames(errorOf(big), {"x.json: ", "bytes, over the limit of 8388608 bytes"});
}

TEST(InputLimits, StepsAndActionsAreLimited) {
  expectNames(errorOf(scenarioText("{}", repeated(step(R"({"after": 1})"), 1'001))),
              {"x.json: steps: 1001 steps, over the limit of 1000"});
  const std::string crash = R"({"do": "crash", "node": 1})";
  expectNames(errorOf(scenarioText(
                  "{}", std::string("[") + step(R"({"after": 1})", repeated(crash, 101)) + "]")),
              {"steps[0].actions: 101 actions, over the limit of 100 a step"});
}

TEST(InputLimits, AScenarioThatCouldRunPastADayIsRefusedNamingTheStep) {
  // Each step may wait an hour; 500 of them asked for 500 simulated hours.
  expectNames(errorOf(scenarioText("{}", repeated(step(R"({"after": 3600})"), 500))),
              {"x.json: steps[24].until:", "over the limit of 86400 s (a day)"});
  // Milestone steps count their "within"; an "at" step ends at its time.
  const std::string fine = std::string("[") + step(R"({"at": 86000})") + "," +
                           step(R"({"milestone": "leader-elected", "within": 400})") + "]";
  EXPECT_EQ(errorOf(scenarioText("{}", fine)), "");
  const std::string over = std::string("[") + step(R"({"at": 86000})") + "," +
                           step(R"({"milestone": "leader-elected", "within": 401})") + "]";
  expectNames(errorOf(scenarioText("{}", over)), {"steps[1].until:", "86401 s"});
}

TEST(InputLimits, ALongBadValueIsQuotedAsAShortPrefix) {
  const std::string huge(120'000, 'x');
  const std::string message = errorOf(scenarioText(R"({"nodes": ")" + huge + "\"}", kOneStep));
  expectNames(message, {"nodes", "xxx..."});
  EXPECT_LT(message.size(), 400u) << message.size() << " bytes";
  const std::string key = errorOf(scenarioText("{}", kOneStep).substr(0, 1) + "\"" + huge +
                                  "\": 1," + scenarioText("{}", kOneStep).substr(1));
  expectNames(key, {"unknown field"});
  EXPECT_LT(key.size(), 400u) << key.size() << " bytes";
}

TEST(InputLimits, CuttingALinkFromANodeToItselfIsRefused) {
  const std::string cut = R"({"do": "cut", "node": 1, "peer": 1})";
  expectNames(
      errorOf(scenarioText(
          "{}", std::string("[") + step(R"({"after": 1})", std::string("[") + cut + "]") + "]")),
      {"steps[0].actions[0].peer: expected a node other than \"node\"", "got 1"});
  // As a command, from a replay or the window, the simulation refuses it too.
  Simulation sim(parseScenario(scenarioText("{}", kOneStep), "x.json").config);
  Command c;
  c.kind = CommandKind::Block;
  c.node = 2;
  c.peer = 2;
  expectNames(inputErrorOf([&] { sim.apply(c); }), {"peer: expected a node other than node 2"});
}

TEST(InputLimits, ASubscriberListedTwiceInPushIsRefused) {
  const std::string text = R"({"title": "T", "description": "D", "pattern": "pubsub", "seed": 3,
    "options": {"push": ["email", "search-index", "email"]},
    "steps": [{"title": "s", "narration": "n", "until": {"after": 1}}]})";
  expectNames(errorOf(text), {"push", "each once", "\"email\" twice"});
}

// A saved run of leader-fails with one user command before the first step.
std::string savedReplay() {
  ScenarioRunner runner(loadScenario("leader-fails"));
  Command c;
  c.kind = CommandKind::Crash;
  c.node = 4;
  runner.simulation().apply(c);
  runner.beginStep(0);
  runner.runStep();
  return replayJson(captureReplay(runner));
}

TEST(InputLimits, AReplayWithTooManyCommandsIsRefusedBeforeTheyAreRead) {
  std::string text = savedReplay();
  const std::string command =
      R"({"at-us":0,"events-before":0,"samples-before":0,"kind":"crash","node":4})";
  const auto at = text.find(command);
  ASSERT_NE(at, std::string::npos) << text;
  std::string many = command;
  for (int i = 1; i < 10'001; ++i) many += "," + command;
  text.replace(at, command.size(), many);
  expectNames(inputErrorOf([&] { parseReplay(text, "a.replay.json"); }),
              {"a.replay.json: commands: 10001 entries, over the limit of 10000"});
}

}  // namespace
}  // namespace cs
