// Seed + scenario + command log reproduce a run: every bundled scenario,
// replayed from its command log alone into a fresh simulation, ends with the
// same trace hash and the same metric samples. Test thread only.
#include <gtest/gtest.h>

#include "bundled_names.h"
#include "clusterscope/scenario.h"

namespace cs {
namespace {

class CommandLogReplay : public ::testing::TestWithParam<std::string> {};

// split-vote's first step acts at 0 ms, before any event: the replay must
// start the nodes first, as the scenario runner did, or a cut node would
// start (and arm its timers) after the cut instead of before.
TEST_P(CommandLogReplay, ReproducesTheTraceAndTheSamples) {
  ScenarioRunner runner(loadScenario(GetParam()));
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    runner.beginStep(i);
    runner.runStep();
  }
  const Simulation& original = runner.simulation();
  ASSERT_FALSE(original.commandLog().empty());

  Simulation replayed(original.config());
  for (const Command& c : original.commandLog()) replayed.replay(c);
  replayed.moveTo(original.now(), original.kernel().eventsProcessed(),
                  original.kernel().metrics().samplesTaken());

  EXPECT_EQ(replayed.kernel().eventsProcessed(), original.kernel().eventsProcessed());
  EXPECT_EQ(replayed.kernel().trace().hash(), original.kernel().trace().hash());
  const auto& a = original.kernel().metrics().samples();
  const auto& b = replayed.kernel().metrics().samples();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i].values, b[i].values) << "sample at " << toSeconds(a[i].at) << " s";
}

INSTANTIATE_TEST_SUITE_P(All, CommandLogReplay,
                         ::testing::ValuesIn(testing_detail::bundledNames()),
                         testing_detail::ScenarioTestName());

}  // namespace
}  // namespace cs
