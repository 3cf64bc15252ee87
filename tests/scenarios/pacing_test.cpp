// Pacing (issue 12): scenario files name a pace per scenario and per step;
// slow motion makes every message that leads to a step's condition take at
// least 0.8 s of wall time to cross; and every bundled scenario, paced as the
// window paces it, shows its key messages that long and keeps each step
// within 25 s of wall time, except the steps whose narration asks the room
// to wait.
#include "clusterscope/pacing.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "clusterscope/driver.h"
#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"

namespace cs {
namespace {

constexpr double kVisible = 0.8;
constexpr double kLongestStep = 25;

std::string parseError(const std::string& json) {
  try {
    parseScenario(json, "test:pacing");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

std::string paced(const std::string& top, const std::string& step) {
  return R"({"title": "T", "description": "D", "pattern": "leader-election", "seed": 7,
             "options": {"nodes": 5}, )" +
         top + R"( "steps": [
      {"title": "Elect", "narration": "n", "until": {"milestone": "leader-elected", "within": 5}},
      {"title": "Wait", "narration": "n", )" +
         step + R"( "until": {"after": 1}}]})";
}

TEST(Pacing, ScenarioAndStepSpeedsAreReadAndChecked) {
  const Scenario sc = parseScenario(paced(R"("speed": 0.2,)", R"("speed": 2,)"), "test:pacing");
  EXPECT_EQ(sc.speed, 0.2);
  EXPECT_FALSE(sc.steps[0].speed);
  EXPECT_EQ(sc.steps[1].speed, 2.0);
  EXPECT_NE(parseError(paced(R"("speed": 0,)", "")).find("speed"), std::string::npos);
  EXPECT_NE(parseError(paced("", R"("speed": "fast",)")).find("steps[1].speed"), std::string::npos);
  EXPECT_NE(parseError(paced("", R"("speed": 1000,)")).find("from 0.01 to 100"), std::string::npos);
}

// A step run for a time with nothing it is about in flight takes its
// simulated time over its pace; the election's votes are slowed into sight.
TEST(Pacing, AStepTakesItsTimeOverItsPaceAndItsKeyMessagesAreSlowed) {
  const Scenario sc = parseScenario(paced(R"("speed": 0.2,)", R"("speed": 2,)"), "test:pacing");
  const auto report = pacingReport(sc, std::nullopt, Driver::kDefaultSpeed);
  ASSERT_EQ(report.size(), 2u);
  EXPECT_TRUE(report[0].met);
  EXPECT_EQ(report[0].speed, 0.2);
  ASSERT_TRUE(report[0].shortestKeyVisible) << "the votes that elected the leader";
  EXPECT_GE(report[0].keyMessages, 2u);
  EXPECT_GE(*report[0].shortestKeyVisible, kVisible - 1e-9);
  EXPECT_GT(report[0].slowWallSeconds, 0);
  EXPECT_GT(report[0].wallSeconds, report[0].simSeconds / 0.2) << "slowed below its pace";
  EXPECT_EQ(report[1].speed, 2.0);
  EXPECT_FALSE(report[1].shortestKeyVisible);
  EXPECT_NEAR(report[1].wallSeconds, 0.5, 1e-9) << "1 s simulated at x2";
}

// A step run for a time leads to no milestone, so no message is key to it;
// one that names a kind slows every message of that kind into sight, and a
// kind the pattern does not have is refused when the step begins.
TEST(Pacing, AStepSlowsTheMessageKindsItNames) {
  const Scenario sc = parseScenario(
      paced("", R"("slow-motion": ["AppendEntries", "AppendEntriesReply"],)"), "test:pacing");
  ASSERT_EQ(sc.steps[1].slowMotion.size(), 2u);
  const auto report = pacingReport(sc, std::nullopt, Driver::kDefaultSpeed);
  ASSERT_EQ(report.size(), 2u);
  ASSERT_TRUE(report[1].met);
  ASSERT_TRUE(report[1].shortestKeyVisible) << "the leader's heartbeats";
  EXPECT_GE(*report[1].shortestKeyVisible, kVisible - 1e-9);
  EXPECT_GT(report[1].slowWallSeconds, 0);
  EXPECT_GT(report[1].wallSeconds, 1 / Driver::kDefaultSpeed) << "slowed below its pace";

  EXPECT_NE(parseError(paced("", R"("slow-motion": "RequestVote",)")).find("steps[1].slow-motion"),
            std::string::npos);
  const Scenario unknown = parseScenario(paced("", R"("slow-motion": ["Gossip"],)"), "test:pacing");
  ScenarioRunner runner(unknown);
  runner.beginStep(0);
  ASSERT_TRUE(runner.runStep());
  try {
    runner.beginStep(1);
    ADD_FAILURE() << "an unknown message kind was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("\"Gossip\" is not a message kind"), std::string::npos)
        << e.what();
  }
}

TEST(Pacing, TheSameRunIsReportedTheSameWay) {
  const Scenario sc = loadScenario("leader-fails");
  const auto a = pacingReport(sc, std::nullopt, Driver::kDefaultSpeed);
  const auto b = pacingReport(sc, std::nullopt, Driver::kDefaultSpeed);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].wallSeconds, b[i].wallSeconds);
}

// Steps whose narration asks the room to wait (a backlog drains, a
// subscriber catches up): they may take longer than kLongestStep.
const std::set<std::string> kWaits = {};

TEST(Pacing, EveryBundledScenarioShowsItsKeyMessagesAndKeepsItsSteps) {
  for (const BundledScenario& b : bundledScenarios()) {
    SCOPED_TRACE(b.name);
    const Scenario sc = loadScenario(b.name);
    const auto report = pacingReport(sc, std::nullopt, Driver::kDefaultSpeed);
    ASSERT_EQ(report.size(), sc.steps.size());
    for (std::size_t i = 0; i < report.size(); ++i) {
      const StepPacingReport& s = report[i];
      SCOPED_TRACE("step " + std::to_string(i + 1) + " " + s.title);
      EXPECT_TRUE(s.met);
      if (s.shortestKeyVisible) {
        EXPECT_GE(*s.shortestKeyVisible, kVisible - 1e-9);
      }
      if (!kWaits.count(b.name + "#" + std::to_string(i + 1))) {
        EXPECT_LE(s.wallSeconds, kLongestStep);
      }
    }
  }
}

}  // namespace
}  // namespace cs
