// Seed + scenario + command log reproduce a run: every bundled scenario,
// replayed from its command log alone into a fresh simulation, ends with the
// same trace hash and the same metric samples. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::bundledNames;
using testing_detail::ScenarioTestName;

class CommandLogReplay : public ::testing::TestWithParam<std::string> {};

// split-vote's first step acts at 0 ms, before any event: the replay must
// start the nodes first, as the scenario runner did, or a cut node would
// start (and arm its timers) after the cut instead of before.
TEST_P(CommandLogReplay, ReproducesTheTraceAndTheSamples) {
  ScenarioRunner runner(loadScenario(GetParam()));
  testing_detail::runAllSteps(runner);
  const Simulation& original = runner.simulation();
  ASSERT_FALSE(original.commandLog().empty());

  Simulation replayed(original.config());
  for (const Command& c : original.commandLog()) replayed.replay(c);
  replayed.moveTo(original.now(), original.kernel().eventsProcessed(),
                  original.kernel().metrics().samplesTaken());

  testing_detail::expectSameRun(original, replayed);
}

INSTANTIATE_TEST_SUITE_P(All, CommandLogReplay, ::testing::ValuesIn(bundledNames()),
                         ScenarioTestName());

}  // namespace
}  // namespace cs
