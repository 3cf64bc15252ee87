// Scenario files: every mistake an author can make gives an InputError that
// names the file, the field and what was expected. Nothing here runs a step.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "clusterscope/errors.h"
#include "clusterscope/pattern.h"
#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::expectNames;

// A valid scenario; tests replace one part of it with a mistake.
std::string scenarioJson(const std::string& steps = R"([
    { "title": "An election", "narration": "All nodes start as followers.",
      "until": {"milestone": "leader-elected", "within": 5} }
  ])",
                         const std::string& extra = "") {
  return R"({
  "title": "Test",
  "description": "A scenario for the parser tests.",
  "pattern": "leader-election",
  "seed": 7,
  "options": { "nodes": 5 },)" +
         extra + R"(
  "steps": )" +
         steps + "\n}";
}

std::string stepWith(const std::string& actions, const std::string& until) {
  return R"([{ "title": "T", "narration": "N", "actions": )" + actions + R"(, "until": )" + until +
         " }]";
}

// The message of the InputError that parsing `json` throws ("" if none).
std::string errorOf(const std::string& json, const std::string& source = "scenarios/x.json") {
  return testing_detail::inputErrorOf([&] { parseScenario(json, source); });
}

TEST(ScenarioParser, ReadsAValidScenario) {
  const Scenario sc = parseScenario(
      scenarioJson(stepWith(
          R"([{"do": "crash", "node": "leader"}, {"do": "partition", "groups": [[0,1],[2,3,4]]},
              {"do": "slow", "node": 2, "ms": 800}, {"do": "network", "loss": 0.1},
              {"do": "client-write", "key": "x", "value": "1", "node": 2},
              {"do": "cut", "node": 0, "peer": "failed"}])",
          R"({"milestone": "follows-leader", "node": "failed", "within": 3})")),
      "scenarios/test.json");
  EXPECT_EQ(sc.name, "test");
  EXPECT_EQ(sc.title, "Test");
  EXPECT_EQ(sc.config.pattern, "leader-election");
  EXPECT_EQ(sc.config.seed, 7u);
  EXPECT_EQ(sc.config.options["nodes"], 5);
  ASSERT_EQ(sc.steps.size(), 1u);
  const auto& s = sc.steps[0];
  ASSERT_EQ(s.actions.size(), 6u);
  EXPECT_EQ(s.actions[0].command.kind, CommandKind::Crash);
  ASSERT_TRUE(s.actions[0].node);
  EXPECT_EQ(s.actions[0].node->role, "leader");
  ASSERT_EQ(s.actions[1].groups.size(), 2u);
  ASSERT_EQ(s.actions[1].groups[1].size(), 3u);
  EXPECT_EQ(s.actions[1].groups[0][1].id, NodeId{1});
  EXPECT_EQ(s.actions[1].groups[1][2].id, NodeId{4});
  EXPECT_EQ(s.actions[2].command.duration, fromMillis(800));
  EXPECT_TRUE(s.actions[3].sets.loss);
  EXPECT_FALSE(s.actions[3].sets.latency);
  EXPECT_EQ(s.actions[4].command.kind, CommandKind::Pattern);
  EXPECT_EQ(s.actions[4].command.verb, "client-write");
  EXPECT_EQ(s.actions[4].command.args, (std::vector<std::string>{"x", "1", "2"}));
  EXPECT_EQ(s.actions[5].peer->role, "failed");
  EXPECT_EQ(s.until.kind, StepCondition::Kind::Milestone);
  EXPECT_EQ(s.until.milestone, "follows-leader");
  EXPECT_EQ(s.until.within, fromSeconds(3));
  EXPECT_EQ(s.until.node->role, "failed");
}

TEST(ScenarioParser, MalformedJsonGivesLineAndColumn) {
  const std::string json = "{\n  \"title\": \"T\",\n  \"seed\": 7,,\n}";
  expectNames(errorOf(json), {"scenarios/x.json", "line 3", "column 13", "malformed JSON"});
}

TEST(ScenarioParser, TruncatedJsonGivesLineAndColumn) {
  expectNames(errorOf("{\n  \"title\": \"T"), {"scenarios/x.json", "line 2", "malformed JSON"});
}

TEST(ScenarioParser, NumberTooLargeForADoubleIsAnErrorNotACrash) {
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"after": 1e400})"))),
              {"scenarios/x.json", "malformed JSON", "1e400"});
}

TEST(ScenarioParser, UnknownFieldIsNamedWithTheAllowedOnes) {
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"milestone": "leader-elected"})"),
                                   R"( "colour": "red",)")),
              {"scenarios/x.json", "colour", "unknown field", "allowed", "description"});
  expectNames(
      errorOf(scenarioJson(R"([{"title": "T", "narration": "N", "untill": {"after": 1}}])")),
      {"steps[0].untill", "unknown field", "until"});
  expectNames(errorOf(scenarioJson(
                  stepWith(R"([{"do": "crash", "node": 1, "when": 2}])", R"({"after": 1})"))),
              {"steps[0].actions[0].when", "unknown field"});
}

TEST(ScenarioParser, BreaksNamesThePatternsInvariants) {
  const std::string step = stepWith("[]", R"({"after": 1})");
  const Scenario sc =
      parseScenario(scenarioJson(step, R"( "breaks": ["at most one leader per term"],)"), "x.json");
  EXPECT_EQ(sc.breaks, (std::vector<std::string>{"at most one leader per term"}));
  EXPECT_TRUE(parseScenario(scenarioJson(step), "x.json").breaks.empty());
  expectNames(errorOf(scenarioJson(step, R"( "breaks": ["no leader ever"],)")),
              {"scenarios/x.json", "breaks", "at most one leader per term", "no leader ever"});
  expectNames(errorOf(scenarioJson(step, R"( "breaks": "at most one leader per term",)")),
              {"scenarios/x.json", "breaks", "a list of this pattern's invariants"});
}

TEST(ScenarioParser, AReplayFileIsNamedAsOne) {
  expectNames(errorOf(R"({"clusterscope-replay": 1, "scenario": {}})", "r.replay.json"),
              {"r.replay.json", "a replay file, not a scenario", "--replay"});
}

TEST(ScenarioParser, DuplicateFieldIsAnError) {
  expectNames(errorOf(scenarioJson(R"([{"title": "T", "title": "U", "narration": "N",
                                        "until": {"after": 1}}])")),
              {"scenarios/x.json", "steps[0].title", "twice"});
}

TEST(ScenarioParser, WrongTypeNamesFieldExpectationAndValue) {
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"milestone": "leader-elected",
                                                      "within": "soon"})"))),
              {"scenarios/x.json: steps[0].until.within: expected a number of seconds from "
               "0.000001 to 3600",
               "got \"soon\""});
  expectNames(errorOf(scenarioJson(R"("all of them")")),
              {"steps: expected a non-empty list of steps", "got \"all of them\""});
  expectNames(
      errorOf(scenarioJson(stepWith(R"([{"do": "crash", "node": [1]}])", R"({"after": 1})"))),
      {"steps[0].actions[0].node", "expected a node number", "got a list"});
}

TEST(ScenarioParser, OutOfRangeValuesAreErrors) {
  expectNames(errorOf(scenarioJson(stepWith(R"([{"do": "crash", "node": 9}])", R"({"after": 1})"))),
              {"steps[0].actions[0].node", "a node from 0 to 5", "got 9"});
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"after": -1})"))),
              {"steps[0].until.after", "from 0.000001", "got -1"});
  // Shorter than the engine's microsecond tick: it would round to no time at all.
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"after": 1e-9})"))),
              {"steps[0].until.after", "from 0.000001", "got 1e-09"});
  expectNames(
      errorOf(scenarioJson(stepWith(R"([{"do": "network", "loss": 1.5}])", R"({"after": 1})"))),
      {"steps[0].actions[0].loss", "probability from 0 to 1", "got 1.5"});
  expectNames(errorOf(scenarioJson(
                  stepWith(R"([{"do": "partition", "groups": [[0,1]]}])", R"({"after": 1})"))),
              {"steps[0].actions[0].groups", "at least two"});
  expectNames(errorOf(scenarioJson(stepWith(R"([{"do": "partition", "groups": [[0,1],[1,2]]}])",
                                            R"({"after": 1})"))),
              {"steps[0].actions[0].groups[1][0]", "two groups"});
}

TEST(ScenarioParser, MissingFieldIsNamed) {
  expectNames(errorOf(scenarioJson(R"([{"title": "T", "narration": "N"}])")),
              {"scenarios/x.json", "steps[0].until", "missing"});
  expectNames(errorOf(scenarioJson(stepWith(R"([{"do": "slow", "node": 1}])", R"({"after": 1})"))),
              {"steps[0].actions[0].ms", "missing"});
}

TEST(ScenarioParser, ConditionNeedsExactlyOneKind) {
  expectNames(
      errorOf(scenarioJson(stepWith("[]", R"({"milestone": "leader-elected", "after": 2})"))),
      {"steps[0].until", "more than one of"});
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"at": 2, "after": 2})"))),
              {"steps[0].until", "more than one of"});
  expectNames(errorOf(scenarioJson(stepWith("[]", R"({"within": 2})"))),
              {"steps[0].until", "expected an object"});
}

TEST(ScenarioParser, UnknownMilestoneListsTheKnownOnes) {
  expectNames(
      errorOf(scenarioJson(stepWith("[]", R"({"milestone": "leader-chosen"})"))),
      {"scenarios/x.json", "steps[0].until.milestone", "leader-elected", "got \"leader-chosen\""});
}

TEST(ScenarioParser, UnknownVerbListsTheKnownActions) {
  expectNames(
      errorOf(scenarioJson(stepWith(R"([{"do": "explode", "node": 1}])", R"({"after": 1})"))),
      {"scenarios/x.json", "steps[0].actions[0].do", "crash", "client-write", "got \"explode\""});
}

TEST(ScenarioParser, PatternVerbArgumentsAreChecked) {
  expectNames(
      errorOf(scenarioJson(stepWith(R"([{"do": "client-write", "key": "x"}])", R"({"after": 1})"))),
      {"steps[0].actions[0].value", "missing", "KEY VALUE"});
  expectNames(errorOf(scenarioJson(stepWith(R"([{"do": "client-write", "key": "x", "value": 1,
                                                   "color": 2}])",
                                            R"({"after": 1})"))),
              {"steps[0].actions[0].color", "unknown field", "key, value"});
}

TEST(ScenarioParser, PartitionGroupsTakeRoleWordsAndRest) {
  const Scenario sc = parseScenario(
      scenarioJson(stepWith(R"([{"do": "partition", "groups": [["leader", 4], "rest"]}])",
                            R"({"after": 1})")),
      "scenarios/test.json");
  const auto& groups = sc.steps[0].actions[0].groups;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0][0].role, "leader");
  EXPECT_EQ(groups[0][1].id, NodeId{4});
  EXPECT_EQ(groups[1][0].role, "rest");
  expectNames(errorOf(scenarioJson(stepWith(R"([{"do": "partition", "groups": ["rest", "rest"]}])",
                                            R"({"after": 1})"))),
              {"scenarios/x.json", "steps[0].actions[0].groups[1]", "\"rest\" given twice"});
  expectNames(errorOf(scenarioJson(stepWith(R"([{"do": "partition", "groups": [[0, 1], [1, 2]]}])",
                                            R"({"after": 1})"))),
              {"steps[0].actions[0].groups[1][0]", "node 1 is in two groups"});
}

TEST(ScenarioParser, UnknownRoleWordIsAnError) {
  expectNames(
      errorOf(scenarioJson(stepWith(R"([{"do": "crash", "node": "boss"}])", R"({"after": 1})"))),
      {"steps[0].actions[0].node", "leader", "failed", "got \"boss\""});
}

// A scenario of any pattern may name a node by one of that pattern's role
// words, or by "failed".
TEST(ScenarioParser, EveryPatternsRoleWordsNameNodes) {
  for (const auto& info : allPatterns()) {
    std::vector<std::string> words = info.make(nlohmann::json::object())->roleWords();
    words.emplace_back("failed");
    for (const std::string& word : words) {
      SCOPED_TRACE(info.name + ": " + word);
      const nlohmann::json sc = {{"title", "t"},
                                 {"description", "d"},
                                 {"pattern", info.name},
                                 {"seed", 1},
                                 {"steps",
                                  {{{"title", "s"},
                                    {"narration", "n"},
                                    {"actions", {{{"do", "crash"}, {"node", word}}}},
                                    {"until", {{"after", 1}}}}}}};
      const Scenario parsed = parseScenario(sc.dump(), "t.json");
      const auto& ref = parsed.steps.at(0).actions.at(0).node;
      ASSERT_TRUE(ref);
      EXPECT_EQ(ref->role, word);
    }
  }
}

// Another pattern's role word is refused when the file is read, and the
// message offers this pattern's words and names.
TEST(ScenarioParser, ARoleWordOfAnotherPatternIsAnError) {
  auto crashIn = [](const std::string& pattern, const std::string& node) {
    return R"({"title": "t", "description": "d", "pattern": ")" + pattern +
           R"(", "seed": 1, "steps": [{"title": "s", "narration": "n",
               "actions": [{"do": "crash", "node": ")" +
           node + R"("}], "until": {"after": 1}}]})";
  };
  const std::string shop = errorOf(crashIn("circuit-breaker", "leader"));
  expectNames(shop, {"steps[0].actions[0].node", "failed", "payment", "got \"leader\""});
  EXPECT_EQ(shop.find("candidate"), std::string::npos) << shop;
  const std::string pubsub = errorOf(crashIn("pubsub", "follower"));
  expectNames(pubsub,
              {"steps[0].actions[0].node", "publisher", "failed", "broker", "got \"follower\""});
  EXPECT_EQ(pubsub.find("leader"), std::string::npos) << pubsub;
  const std::string raft = errorOf(crashIn("leader-election", "publisher"));
  expectNames(raft, {"leader, candidate, follower, client, failed", "got \"publisher\""});
}

TEST(ScenarioParser, UnknownPatternAndBadSeed) {
  std::string json = scenarioJson();
  json.replace(json.find("leader-election"), 15, "leader-erection");
  expectNames(errorOf(json),
              {"scenarios/x.json: pattern", "leader-election", "got \"leader-erection\""});
  json = scenarioJson();
  json.replace(json.find("\"seed\": 7"), 9, "\"seed\": -3");
  expectNames(errorOf(json), {"scenarios/x.json: seed", "got -3"});
}

TEST(ScenarioParser, BadPatternOptionIsNamed) {
  std::string json = scenarioJson();
  json.replace(json.find("\"nodes\""), 7, "\"nodez\"");
  expectNames(errorOf(json), {"scenarios/x.json: options", "nodez"});
}

TEST(ScenarioParser, UnknownScenarioNameListsTheBundledOnes) {
  try {
    loadScenario("no-such-scenario");
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unknown scenario 'no-such-scenario'"), std::string::npos) << m;
    EXPECT_NE(m.find(std::string(defaultScenarioName())), std::string::npos) << m;
  }
}

TEST(ScenarioParser, LoadsAFileByPathAndNamesItInErrors) {
  const auto path = std::filesystem::temp_directory_path() / "clusterscope-parser-test.json";
  {
    std::ofstream out(path);
    out << scenarioJson(stepWith("[]", R"({"after": "later"})"));
  }
  try {
    loadScenario(path.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string() + ": steps[0].until.after"),
              std::string::npos)
        << e.what();
  }
  {
    std::ofstream out(path);
    out << scenarioJson();
  }
  const Scenario sc = loadScenario(path.string());
  EXPECT_EQ(sc.name, "clusterscope-parser-test");
  EXPECT_EQ(sc.source, path.string());
  std::filesystem::remove(path);
}

TEST(ScenarioParser, ADirectoryIsNamedAsSuch) {
  const auto dir = std::filesystem::temp_directory_path();
  try {
    loadScenario(dir.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("got a directory"), std::string::npos) << e.what();
  }
}

TEST(ScenarioParser, EveryBundledScenarioParses) {
  ASSERT_FALSE(bundledScenarios().empty());
  bool hasDefault = false;
  for (const auto& b : bundledScenarios()) {
    SCOPED_TRACE(b.name);
    const Scenario sc = loadScenario(b.name);
    EXPECT_EQ(sc.name, b.name);
    EXPECT_FALSE(sc.steps.empty());
    hasDefault |= b.name == defaultScenarioName();
  }
  EXPECT_TRUE(hasDefault);
}

// Nodes the pattern names can be named in a scenario: "payment", not 5.
TEST(ScenarioParser, NodesTheirPatternNamesAreNamedByName) {
  const std::string shop = R"({
    "title": "t", "description": "d", "pattern": "circuit-breaker", "seed": 1,
    "steps": [{"title": "s", "narration": "n",
               "actions": [{"do": "crash", "node": "payment"}], "until": {"after": 1}}]})";
  const Scenario sc = parseScenario(shop, "shop.json");
  const auto& ref = sc.steps.at(0).actions.at(0).node;
  ASSERT_TRUE(ref && ref->id);
  EXPECT_EQ(*ref->id, 5u);
  std::string bad = shop;
  bad.replace(bad.find("\"payment\""), 9, "\"paymnt\"");
  expectNames(errorOf(bad), {"steps[0].actions[0].node", "payment", "catalog", "got \"paymnt\""});
}

}  // namespace
}  // namespace cs

// A pattern verb named like a kernel fault ("heal") could never be reached
// from a scenario: the fault would win.
TEST(ScenarioParser, NoPatternVerbSharesANameWithAFault) {
  for (const auto& info : cs::allPatterns()) {
    const auto pattern = info.make(nlohmann::json::object());
    for (const auto& [verb, args] : pattern->verbs())
      for (const cs::CommandShape& fault : cs::kCommandShapes) {
        if (fault.verb) continue;
        EXPECT_NE(verb, fault.name) << info.name << "'s verb \"" << verb << "\" is also a fault";
      }
  }
}
