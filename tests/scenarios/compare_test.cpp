// Compare: a scenario's variant with one option changed. The option is
// checked by the pattern (unknown names and bad values are named), and the
// variant behaves as the lesson says when run in lockstep with the original.
#include <gtest/gtest.h>

#include "clusterscope/compare.h"
#include "clusterscope/errors.h"
#include "lockstep.h"

namespace cs {
namespace {

std::string errorOf(const std::string& scenario, const std::string& change) {
  try {
    makeComparison(loadScenario(scenario), parseOptionChange(change, "--compare"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::int64_t metric(const Simulation& sim, const std::string& name) {
  const Metrics& m = sim.kernel().metrics();
  const auto id = m.find(name);
  return id ? m.value(*id) : -1;
}

using testing_detail::Lockstep;

TEST(OptionChange, ReadsSwitchesNumbersAndWords) {
  EXPECT_EQ(parseOptionChange("breaker=on", "f").value, nlohmann::json(true));
  EXPECT_EQ(parseOptionChange("breaker=false", "f").value, nlohmann::json(false));
  EXPECT_EQ(parseOptionChange("naiveRetries=3", "f").value, nlohmann::json(3));
  EXPECT_EQ(parseOptionChange("poisoned=email", "f").value, nlohmann::json("email"));
  EXPECT_EQ(parseOptionChange("push=[\"email\",\"analytics\"]", "f").value,
            nlohmann::json::parse(R"(["email","analytics"])"));
  EXPECT_EQ(parseOptionChange("breaker=on", "f").key, "breaker");
}

TEST(OptionChange, WithoutKeyOrValueNamesTheField) {
  for (const char* bad : {"breaker", "=on", "breaker="}) {
    try {
      parseOptionChange(bad, "--compare");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--compare: expected OPTION=VALUE", 0), 0u) << e.what();
    }
  }
}

TEST(Comparison, CaptionsNameTheOptionAndBothValues) {
  const Comparison c =
      makeComparison(loadScenario("cascading-failure"), parseOptionChange("breaker=on", "f"));
  EXPECT_EQ(c.captionA, "breaker off");
  EXPECT_EQ(c.captionB, "breaker on");
  EXPECT_EQ(c.b.config.options["breaker"], nlohmann::json(true));
  EXPECT_EQ(c.a.config.options["breaker"], nlohmann::json(false));
  EXPECT_EQ(c.b.config.seed, c.a.config.seed);
  // The variant's text is its own definition, so a replay of B reads back as B.
  EXPECT_EQ(parseScenario(c.b.text, "b").config.options, c.b.config.options);
  const Comparison d =
      makeComparison(loadScenario("leader-fails"), parseOptionChange("nodes=7", "f"));
  EXPECT_EQ(d.captionB, "nodes 7");
}

TEST(Comparison, AnUnknownOptionIsNamedWithTheOnesThePatternHas) {
  const std::string e = errorOf("cascading-failure", "brakes=on");
  EXPECT_NE(e.find("options.brakes"), std::string::npos) << e;
  EXPECT_NE(e.find("naiveRetries"), std::string::npos) << e;
}

TEST(Comparison, ABadValueIsRefusedInThePatternsWords) {
  EXPECT_EQ(errorOf("cascading-failure", "breaker=3"),
            "options.breaker: expected true or false, got 3");
  EXPECT_NE(errorOf("retry-storm", "naiveRetries=99").find("options.naiveRetries"),
            std::string::npos);
  EXPECT_NE(errorOf("leader-fails", "nodes=2").find("options.nodes"), std::string::npos);
}

TEST(Comparison, TheValueTheScenarioAlreadyHasIsRefused) {
  const std::string e = errorOf("cascading-failure", "breaker=off");
  EXPECT_NE(e.find("options.breaker"), std::string::npos) << e;
  EXPECT_NE(e.find("the two runs would be the same"), std::string::npos) << e;
}

// The lesson of the breaker: with payment sick, browsing (catalog) keeps
// working behind a breaker and collapses without one.
TEST(Comparison, WithTheBreakerOnBrowsingSurvivesASickPayment) {
  const Lockstep run(
      makeComparison(loadScenario("cascading-failure"), parseOptionChange("breaker=on", "f")));
  const Simulation& off = run.a.simulation();
  const Simulation& on = run.b.simulation();
  EXPECT_GT(metric(on, "svc.catalog.ok"), metric(off, "svc.catalog.ok") * 3 / 2);
  EXPECT_GT(metric(off, "path.browse-client->frontend.rejected"), 100);
  EXPECT_LT(metric(on, "path.browse-client->frontend.rejected"), 10);
  EXPECT_EQ(metric(off, "path.orders->payment.short_circuited"), 0);
  EXPECT_GT(metric(on, "path.orders->payment.short_circuited"), 100);
}

// Naive retries amplify the load on a failing payment; switching them off
// in the variant ends the storm.
TEST(Comparison, WithoutNaiveRetriesPaymentGetsFewerCalls) {
  const Lockstep run(
      makeComparison(loadScenario("retry-storm"), parseOptionChange("naiveRetries=0", "f")));
  const auto calls = [](const Simulation& sim) {
    return metric(sim, "svc.payment.ok") + metric(sim, "svc.payment.timeout") +
           metric(sim, "svc.payment.error") + metric(sim, "svc.payment.rejected");
  };
  EXPECT_GT(calls(run.a.simulation()), calls(run.b.simulation()) * 3 / 2);
}

TEST(Comparison, LockstepRunsAreDeterministic) {
  const Comparison c =
      makeComparison(loadScenario("cascading-failure"), parseOptionChange("breaker=on", "f"));
  const Lockstep first(c);
  const Lockstep second(c);
  EXPECT_EQ(first.a.simulation().kernel().trace().hash(),
            second.a.simulation().kernel().trace().hash());
  EXPECT_EQ(first.b.simulation().kernel().trace().hash(),
            second.b.simulation().kernel().trace().hash());
  EXPECT_NE(first.a.simulation().kernel().trace().hash(),
            first.b.simulation().kernel().trace().hash());
}

}  // namespace
}  // namespace cs
