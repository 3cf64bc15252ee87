// A figure a bundled narration states is a figure the run is held to: a step
// whose narration states a number carries an `expect` (checked for the
// scenario's seed and 40 others by scenario_run_test.cpp), unless the number
// is a setting the file itself makes (a rate, a timeout, a key range), listed
// below with the reason. And the Event Sourcing narrations' stock figures,
// which no metric carries, are read from the pattern's typed view, for the
// scenario's seed and 40 others.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include "clusterscope/event_sourcing/es_view.h"
#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::bundledNames;

// Steps whose only numbers are settings the file makes itself, not claims
// about the run: (scenario, 1-based step) and why.
struct SettingsOnly {
  const char* scenario;
  std::size_t step;
  const char* why;
};
constexpr SettingsOnly kSettingsOnly[] = {
    {"cqrs-unsafe", 1, "the option checkpointEvery: 100"},
    {"es-as-of", 1, "the option orderRate: 2"},
    {"es-lost-ack", 1, "the option initialStock: 10 (the stock test below checks it)"},
    {"shard-hot-shard", 3, "the scan action's key range 100 to 600"},
    {"shard-mod-n", 2, "the rule's name, slot mod 5"},
};

bool settingsOnly(const std::string& scenario, std::size_t step) {
  for (const auto& s : kSettingsOnly)
    if (scenario == s.scenario && step == s.step) return true;
  return false;
}

// The narration without the digits that are parts of names, not figures:
// b1, shard-5, product-1, order-26, x=1, node 3, user 7, §5.4.1.
std::string withoutNames(const std::string& narration) {
  static const std::regex names(
      R"([A-Za-z]+-?[0-9]+|\b\w=[0-9]+|\b(node|user|User|Users|users) [0-9]+|§[0-9.]+)");
  return std::regex_replace(narration, names, "");
}

bool statesAFigure(const std::string& narration) {
  const std::string rest = withoutNames(narration);
  for (char c : rest)
    if (c >= '0' && c <= '9') return true;
  return false;
}

TEST(NarratedFigures, NamesAreNotFigures) {
  EXPECT_FALSE(statesAFigure("b1 fails; shard-5 joins; product-1, x=1, node 3, user 7, §5.4.1."));
  EXPECT_TRUE(statesAFigure("the slowest 1% take 150 to 200 ms"));
  EXPECT_TRUE(statesAFigure("b1 fails 3 calls in 10"));
}

TEST(NarratedFigures, EveryStepThatStatesAFigureExpectsIt) {
  for (const std::string& name : bundledNames()) {
    const Scenario sc = loadScenario(name);
    for (std::size_t i = 0; i < sc.steps.size(); ++i) {
      const ScenarioStep& step = sc.steps[i];
      if (!statesAFigure(step.narration)) continue;
      if (settingsOnly(name, i + 1)) {
        EXPECT_TRUE(step.expect.empty())
            << name << " step " << i + 1 << " has an expect now: take it off kSettingsOnly";
        continue;
      }
      EXPECT_FALSE(step.expect.empty())
          << name << " step " << i + 1 << " (\"" << step.title
          << "\") states a figure but expects none: add an expect on the metric the canvas shows "
             "it with, or say it without the number";
    }
  }
}

TEST(NarratedFigures, TheSettingsOnlyListNamesRealStepsThatStateFigures) {
  for (const auto& s : kSettingsOnly) {
    const Scenario sc = loadScenario(s.scenario);
    ASSERT_LE(s.step, sc.steps.size()) << s.scenario;
    EXPECT_TRUE(statesAFigure(sc.steps[s.step - 1].narration))
        << s.scenario << " step " << s.step << " states no figure any more: take it off the list";
  }
}

// "product-1's stock: 106." A figure of the Event Sourcing narrations that
// the panel shows from the typed view (ProductRow::stock), not a metric.
struct StockFigure {
  const char* scenario;
  std::size_t step;  // 1-based: the stock as this step's condition is met
  std::int64_t stock;
};
constexpr StockFigure kStocks[] = {
    {"es-every-change", 3, 3}, {"es-forever", 1, 10},  {"es-forever", 2, 8},
    {"es-forever", 3, 6},      {"es-forever", 4, 106}, {"es-forever", 5, 16},
    {"es-lost-ack", 1, 10},    {"es-lost-ack", 2, 9},  {"es-lost-ack", 3, 7},
    {"es-last-item", 3, 0},    {"es-last-item", 1, 1}, {"es-unsafe", 1, 1},
    {"es-unsafe", 2, -1},      {"es-repair", 2, 6},    {"es-repair", 4, 6},
    {"es-repair", 5, 3},       {"es-unsafe", 3, 1},    {"es-unsafe", 4, 0},
};

std::int64_t productOneStock(const Simulation& sim) {
  const std::shared_ptr<const PatternView> view = sim.view();
  for (const auto& p : viewOf<event_sourcing::EsView>(*view).products)
    if (p.product == 1) return p.stock;
  ADD_FAILURE() << "no product-1 in the view";
  return 0;
}

TEST(NarratedFigures, EventSourcingStocksHoldForEverySeed) {
  std::size_t others = 40;
  if (const char* n = std::getenv("SCENARIO_OTHER_SEEDS")) others = std::strtoul(n, nullptr, 10);
  std::set<std::string> names;
  for (const auto& f : kStocks) names.insert(f.scenario);
  for (const std::string& name : names) {
    const Scenario sc = loadScenario(name);
    std::vector<std::uint64_t> seeds{sc.config.seed};
    for (std::uint64_t s = 1; seeds.size() <= others; ++s)
      if (s != sc.config.seed) seeds.push_back(s);
    for (std::uint64_t seed : seeds) {
      ScenarioRunner runner(sc, seed);
      for (std::size_t i = 0; i < runner.stepCount(); ++i) {
        runner.beginStep(i);
        ASSERT_TRUE(runner.runStep()) << name << " step " << i + 1 << " seed " << seed;
        for (const auto& f : kStocks) {
          if (name != f.scenario || f.step != i + 1) continue;
          EXPECT_EQ(productOneStock(runner.simulation()), f.stock)
              << name << " step " << i + 1 << "; reproduce: clusterscope --headless --scenario "
              << name << " --seed " << seed;
        }
      }
    }
  }
}

}  // namespace
}  // namespace cs
