// A step's expectations: what the parser accepts and refuses, with the file,
// the field and what was expected; and how the runner checks them when the
// step's condition is met (a held ✓, a failed ✗ with the value the run had).
#include <gtest/gtest.h>

#include <string>

#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::expectNames;
using testing_detail::inputErrorOf;

// One Raft step, run until a leader is elected, with `expect` as given.
std::string withExpect(const std::string& expect) {
  return R"({"title": "T", "description": "D", "pattern": "leader-election", "seed": 7,
    "steps": [{ "title": "elect", "narration": "n",
                "until": {"milestone": "leader-elected", "within": 5},
                "expect": )" +
         expect + "}]}";
}

std::string errorOf(const std::string& expect) {
  return inputErrorOf([&] { parseScenario(withExpect(expect), "x.json"); });
}

std::vector<ExpectOutcome> runOnce(const std::string& expect) {
  ScenarioRunner runner(parseScenario(withExpect(expect), "x.json"));
  runner.beginStep(0);
  EXPECT_TRUE(runner.runStep());
  return runner.checkExpectations();
}

TEST(StepExpectation, ReadsEachForm) {
  const Scenario sc = parseScenario(withExpect(R"([
      {"metric": "raft.term", "between": [1, 3]},
      {"metric": "messages.sent", "at-least": 4, "over": "step"},
      {"milestone": "leader-elected", "at-most": 1},
      {"node": "leader", "is": "up"}])"),
                                    "x.json");
  const auto& e = sc.steps[0].expect;
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].kind, StepExpectation::Kind::Metric);
  EXPECT_EQ(e[0].min, 1);
  EXPECT_EQ(e[0].max, 3);
  EXPECT_TRUE(e[1].overStep);
  EXPECT_EQ(e[2].kind, StepExpectation::Kind::Milestone);
  EXPECT_EQ(e[3].kind, StepExpectation::Kind::Node);
  EXPECT_EQ(e[3].state, "up");
}

TEST(StepExpectation, AnUnknownMetricIsNamedWithItsNeighbours) {
  expectNames(
      errorOf(R"([{"metric": "raft.trem", "at-least": 1}])"),
      {"x.json", "steps[0].expect[0].metric", "\"raft.trem\" is not a metric", "raft.term"});
}

TEST(StepExpectation, MistakesNameTheField) {
  expectNames(errorOf(R"([{"metric": "raft.term"}])"),
              {"steps[0].expect[0]", "exactly one of \"between\""});
  expectNames(errorOf(R"([{"metric": "raft.term", "between": [3, 1]}])"),
              {"steps[0].expect[0].between", "LO is greater than HI"});
  expectNames(errorOf(R"([{"metric": "raft.term", "at-least": 1, "over": "stpe"}])"),
              {"steps[0].expect[0].over", "\"step\""});
  expectNames(errorOf(R"([{"milestone": "leader-elcted", "at-least": 1}])"),
              {"steps[0].expect[0].milestone", "leader-elected"});
  expectNames(errorOf(R"([{"node": "leader", "is": "asleep"}])"),
              {"steps[0].expect[0].is", "up, crashed, paused"});
  expectNames(errorOf(R"([{"metric": "raft.term", "at-least": 1, "soon": true}])"),
              {"steps[0].expect[0]", "soon"});
  expectNames(errorOf(R"({"metric": "raft.term"})"), {"steps[0].expect", "a list"});
}

TEST(StepExpectation, AreCheckedWhenTheConditionIsMet) {
  const auto outcomes = runOnce(R"([
      {"metric": "raft.term", "at-least": 1},
      {"milestone": "leader-elected", "between": [1, 1]},
      {"node": "leader", "is": "up"}])");
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& o : outcomes) EXPECT_TRUE(o.held) << o.text;
}

TEST(StepExpectation, AFailedOneSaysWhatTheRunShowed) {
  const auto outcomes = runOnce(R"([{"metric": "raft.term", "at-least": 50},
                                     {"node": "leader", "is": "crashed"}])");
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_FALSE(outcomes[0].held);
  expectNames(outcomes[0].text, {"raft.term = ", "(expected at least 50)"});
  EXPECT_FALSE(outcomes[1].held);
  expectNames(outcomes[1].text, {" is up (expected crashed)"});
}

TEST(StepExpectation, ACounterOverTheStepCountsFromItsBeginning) {
  ScenarioRunner runner(parseScenario(R"({"title": "T", "description": "D",
    "pattern": "leader-election", "seed": 7, "steps": [
      { "title": "a", "narration": "n", "until": {"after": 2} },
      { "title": "b", "narration": "n", "until": {"after": 0.000001},
        "expect": [{"metric": "messages.sent", "at-most": 0, "over": "step"}] }]})",
                                      "x.json"));
  runner.beginStep(0);
  runner.runStep();
  runner.beginStep(1);
  runner.runStep();
  const auto outcomes = runner.checkExpectations();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].held) << outcomes[0].text << ": counted from the start of the run";
}

}  // namespace
}  // namespace cs
