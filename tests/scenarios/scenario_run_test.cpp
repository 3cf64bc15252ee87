// Every bundled scenario is a test: run headless, each step meets its
// condition and no invariant breaks; the same seed gives the same trace.
#include <gtest/gtest.h>

#include "clusterscope/scenario.h"

namespace cs {
namespace {

struct Outcome {
  std::vector<bool> met;
  std::vector<Violation> violations;
  std::uint64_t hash = 0;
};

Outcome run(const std::string& name, std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioRunner runner(loadScenario(name), seed);
  Outcome o;
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    runner.beginStep(i);
    o.met.push_back(runner.runStep());
  }
  o.violations = runner.simulation().violations();
  o.hash = runner.simulation().kernel().trace().hash();
  return o;
}

class BundledScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledScenario, MeetsEveryStepWithoutViolations) {
  const Scenario sc = loadScenario(GetParam());
  const Outcome o = run(GetParam());
  for (std::size_t i = 0; i < o.met.size(); ++i)
    EXPECT_TRUE(o.met[i]) << "step " << i << " (\"" << sc.steps[i].title << "\") not met";
  for (const auto& v : o.violations) ADD_FAILURE() << v.checker << ": " << v.text;
}

TEST_P(BundledScenario, SameSeedGivesTheSameTrace) {
  EXPECT_EQ(run(GetParam()).hash, run(GetParam()).hash);
}

std::vector<std::string> bundledNames() {
  std::vector<std::string> names;
  for (const auto& b : bundledScenarios()) names.push_back(b.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(All, BundledScenario, ::testing::ValuesIn(bundledNames()),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             if (c == '-') c = '_';
                           return s;
                         });

TEST(ScenarioRunner, AnotherSeedGivesAnotherTrace) {
  const std::string name(defaultScenarioName());
  const Scenario sc = loadScenario(name);
  EXPECT_NE(run(name).hash, run(name, sc.config.seed + 1).hash);
}

}  // namespace
}  // namespace cs
