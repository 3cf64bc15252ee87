// Each pattern's unsafe switch, through its bundled "-unsafe" scenario: with
// the safety rule removed, the invariant the scenario names breaks for the
// scenario's seed and every other seed tried; with the rule kept (the same
// scenario, the switch's option on), no invariant ever breaks.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

struct UnsafeScenario {
  const char* name;
  const char* pattern;
  const char* rule;    // the option that keeps or removes the safety rule
  const char* safe;    // its value (JSON) that keeps the rule
  const char* unsafe;  // and the one that removes it
};

constexpr UnsafeScenario kUnsafe[] = {
    {"leader-election-unsafe", "leader-election", "electionRestriction", "true", "false"},
    {"breaker-unsafe", "circuit-breaker", "failFastWhenOpen", "true", "false"},
    {"pubsub-unsafe", "pubsub", "ackAfterProcessing", "true", "false"},
    {"ambassador-unsafe", "ambassador", "retryBudget", "true", "false"},
    {"es-unsafe", "event-sourcing", "expectedRevision", "\"exact\"", "\"any\""},
    {"es-repair", "event-sourcing", "buggyRelease", "false", "true"},
    {"fig-unsafe", "strangler-fig", "mirrorWrites", "false", "true"},
    {"shard-unsafe", "sharding", "versioned", "true", "false"},
    {"cqrs-unsafe", "cqrs", "idempotent", "true", "false"},
    {"cqrs-committed-late", "cqrs", "checkpoint", "\"gap-aware\"", "\"high-water\""},
    {"cqrs-oversell", "cqrs", "validate", "\"write-model\"", "\"read-model\""},
};
constexpr std::uint64_t kSeeds = 40;

std::vector<Violation> violations(const Scenario& sc, std::uint64_t seed) {
  ScenarioRunner runner(sc, seed);
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    runner.beginStep(i);
    runner.runStep();
  }
  return runner.simulation().violations();
}

TEST(UnsafeSwitch, EveryPatternHasAnUnsafeScenarioThatNamesWhatItBreaks) {
  std::set<std::string> patterns, covered;
  for (const auto& name : testing_detail::bundledNames()) {
    const Scenario sc = loadScenario(name);
    patterns.insert(sc.config.pattern);
    if (sc.breaks.empty()) continue;
    bool listed = false;
    for (const auto& u : kUnsafe) listed = listed || name == u.name;
    EXPECT_TRUE(listed) << name << " breaks an invariant but is not tested here";
    covered.insert(sc.config.pattern);
  }
  EXPECT_EQ(patterns, covered);
  for (const auto& u : kUnsafe) {
    const Scenario sc = loadScenario(u.name);
    EXPECT_EQ(sc.config.pattern, u.pattern);
    EXPECT_EQ(sc.breaks.size(), 1u) << u.name;
    EXPECT_EQ(sc.config.options.value(u.rule, nlohmann::json()), nlohmann::json::parse(u.unsafe))
        << u.name << " keeps its rule";
  }
}

class UnsafeSwitchSweep : public ::testing::TestWithParam<UnsafeScenario> {};

TEST_P(UnsafeSwitchSweep, WithoutTheRuleItsInvariantBreaksForEverySeed) {
  const Scenario sc = loadScenario(GetParam().name);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    bool broke = false;
    for (const auto& v : violations(sc, seed)) {
      broke = broke || v.checker == sc.breaks.front();
      EXPECT_EQ(v.checker, sc.breaks.front()) << "seed " << seed << ": " << v.text;
    }
    EXPECT_TRUE(broke) << "\"" << sc.breaks.front() << "\" held; reproduce: clusterscope "
                       << "--headless --scenario " << GetParam().name << " --seed " << seed;
  }
}

TEST_P(UnsafeSwitchSweep, WithTheRuleNoInvariantEverBreaks) {
  Scenario sc = loadScenario(GetParam().name);
  sc.config.options[GetParam().rule] = nlohmann::json::parse(GetParam().safe);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed)
    for (const auto& v : violations(sc, seed))
      ADD_FAILURE() << "seed " << seed << ", " << GetParam().rule << " on: " << v.checker << ": "
                    << v.text;
}

INSTANTIATE_TEST_SUITE_P(All, UnsafeSwitchSweep, ::testing::ValuesIn(kUnsafe),
                         [](const auto& info) {
                           std::string s = info.param.name;
                           for (char& c : s)
                             if (c == '-') c = '_';
                           return s;
                         });

}  // namespace
}  // namespace cs
