// The headless report writes what it prints as it is traced: a step that
// traces millions of milestones must not hold them in memory until it ends
// (a pub/sub run at a high publish rate reached 1.5 GB with nothing printed).
#include <gtest/gtest.h>

#include <sstream>

#include "clusterscope/scenario.h"
#include "headless_report.h"

namespace cs::app {
namespace {

TEST(HeadlessReport, WritesEachTracedLineAtOnceNotWhenTheStepEnds) {
  ScenarioRunner runner(loadScenario("leader-fails"));
  std::ostringstream out;
  HeadlessReport report(runner.scenario(), runner.simulation(), out);
  report.header();
  report.stepBegins(0);
  runner.beginStep(0);
  runner.runStep();
  ASSERT_TRUE(report.stepEnds(runner));
  // Step 2 crashes the leader as it begins; the line is out before the step runs.
  report.stepBegins(1);
  runner.beginStep(1);
  const std::string begun = out.str();
  const auto crash = begun.find("] command: crash ");
  EXPECT_NE(crash, std::string::npos) << begun;
  EXPECT_GT(crash, begun.find("Step 2/4: The leader crashes")) << begun;
  // Nothing is written twice when the step ends.
  runner.runStep();
  report.stepEnds(runner);
  const std::string ended = out.str();
  EXPECT_EQ(ended.find("] command: crash ", crash + 1), std::string::npos) << ended;
}

}  // namespace
}  // namespace cs::app
