// The Strangler Fig's hands on the migration, as the toolbar and scenarios
// use them: a route's history of table updates (the migration map), setting
// a canary's weight directly, shadowing off, and switching the monolith off
// only once every route is retired. The checkers run in every test. Test
// thread only.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "clusterscope/strangler_fig/fig_view.h"
#include "fig_test_support.h"

namespace cs::strangler_fig {
namespace {

using namespace testing;

// The route's row of the window's view, as it is now.
RouteView routeView(const Simulation& sim, const char* name) {
  const auto view = sim.pattern().view(sim.kernel());
  return static_cast<const FigView&>(*view).routes[static_cast<std::size_t>(*routeByName(name))];
}

TEST(FigHistory, EveryUpdateOfARouteIsInItsHistoryWithRollbacksMarked) {
  auto sim = world({{"analysis", false}});
  sim->runUntil(SimTime{ms(1'000)});
  sim->apply(verb("advance", {"catalog"}));  // shadow
  sim->runUntil(SimTime{ms(2'000)});
  sim->apply(verb("weight", {"catalog", "50"}));
  sim->runUntil(SimTime{ms(3'000)});
  sim->apply(verb("rollback", {"catalog"}));
  sim->runUntil(SimTime{ms(4'000)});
  const RouteView r = routeView(*sim, "catalog");
  ASSERT_EQ(r.history.size(), 4u) << "the starting table, shadow, canary 50%, the rollback";
  EXPECT_EQ(r.history[0].at, SimTime{0});
  EXPECT_EQ(r.history[0].stage, Stage::Legacy);
  EXPECT_EQ(r.history[1].stage, Stage::Shadow);
  EXPECT_EQ(r.history[1].at, SimTime{ms(1'000)});
  EXPECT_EQ(r.history[2].stage, Stage::Canary);
  EXPECT_EQ(r.history[2].weight, 50);
  EXPECT_FALSE(r.history[2].rollback);
  EXPECT_EQ(r.history[3].stage, Stage::Legacy);
  EXPECT_TRUE(r.history[3].rollback);
  EXPECT_EQ(r.history[3].at, SimTime{ms(3'000)});
  // A route nobody touched has only the starting table.
  EXPECT_EQ(routeView(*sim, "search").history.size(), 1u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigWeight, SettingAWeightSplitsRealTrafficAtIt) {
  auto sim = world({{"routes", {{"catalog", "canary"}}}, {"analysis", false}});
  Count moved(*sim, "route-moved");
  sim->apply(verb("weight", {"catalog", "50"}));
  EXPECT_EQ(moved.n, 1u);
  EXPECT_EQ(route(*sim, "catalog").weight(), 50);
  sim->runUntil(SimTime{ms(10'000)});
  const RouteState& s = route(*sim, "catalog");
  const double toNew = static_cast<double>(s.newTotal.requests) /
                       static_cast<double>(s.newTotal.requests + s.legacyTotal.requests);
  EXPECT_NEAR(toNew, 0.5, 0.08);
  // The same weight again is no update.
  sim->apply(verb("weight", {"catalog", "50"}));
  EXPECT_EQ(moved.n, 1u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigWeight, AWeightThatIsNoCanaryStepIsNamed) {
  auto sim = world({});
  try {
    sim->apply(verb("weight", {"catalog", "30"}));
    FAIL() << "accepted 30%";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("5, 25, 50, 100"), std::string::npos) << e.what();
  }
  EXPECT_THROW(sim->apply(verb("weight", {"catalog"})), InputError);
  EXPECT_THROW(sim->apply(verb("shadow", {"sometimes"})), InputError);
}

TEST(FigShadowSwitch, OffAShadowRouteIsNotMirroredAndOnItIsAgain) {
  auto sim = world({{"routes", {{"catalog", "shadow"}}}});
  sim->runUntil(SimTime{ms(2'000)});
  sim->apply(verb("shadow", {"off"}));
  sim->runUntil(SimTime{ms(2'600)});  // comparisons already sent finish
  const std::uint64_t before = route(*sim, "catalog").mirrored;
  EXPECT_GT(before, 0u);
  sim->runUntil(SimTime{ms(5'000)});
  EXPECT_EQ(route(*sim, "catalog").mirrored, before);
  EXPECT_GT(route(*sim, "catalog").legacyTotal.requests, 100u) << "legacy still serves it";
  sim->apply(verb("shadow", {"on"}));
  sim->runUntil(SimTime{ms(7'000)});
  EXPECT_GT(route(*sim, "catalog").mirrored, before + 20);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

nlohmann::json allRetiredBut(const char* last) {
  nlohmann::json routes = nlohmann::json::object();
  for (const auto& info : kRouteInfo) routes[std::string(info.name)] = "retired";
  if (last) routes[last] = "migrated";
  return {{"routes", routes}};
}

TEST(FigSwitchOff, TheMonolithStaysOnWhileARouteStillNeedsIt) {
  auto sim = world(allRetiredBut("wishlist"));
  Count off(*sim, "legacy-switched-off");
  sim->runUntil(SimTime{ms(1'000)});
  sim->apply(verb("switch-off-legacy"));
  ASSERT_EQ(off.n, 1u);
  EXPECT_EQ(off.last.v[0], 0) << "refused";
  EXPECT_EQ(off.last.v[1], 1) << "one route still served";
  EXPECT_EQ(sim->kernel().status(kLegacy), NodeStatus::Up);
  sim->apply(verb("rollback", {"wishlist"}));
  sim->runUntil(SimTime{ms(3'000)});
  EXPECT_GT(route(*sim, "wishlist").legacyTotal.requests, 0u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigSwitchOff, WithEveryRouteRetiredTheShopServesOnWithoutIt) {
  auto sim = world(allRetiredBut(nullptr));
  Count off(*sim, "legacy-switched-off");
  sim->runUntil(SimTime{ms(1'000)});
  sim->apply(verb("switch-off-legacy"));
  ASSERT_EQ(off.n, 1u);
  EXPECT_EQ(off.last.v[0], 1);
  EXPECT_EQ(sim->kernel().status(kLegacy), NodeStatus::Crashed);
  EXPECT_EQ(sim->kernel().status(kLegacy2), NodeStatus::Crashed);
  const std::uint64_t ok = client(*sim).outcomes(rpc::Status::Ok);
  const std::uint64_t failed = client(*sim).outcomes(rpc::Status::Error) +
                               client(*sim).outcomes(rpc::Status::Timeout) +
                               client(*sim).outcomes(rpc::Status::Rejected);
  sim->runUntil(SimTime{ms(6'000)});
  EXPECT_GT(client(*sim).outcomes(rpc::Status::Ok), ok + 500);
  EXPECT_EQ(client(*sim).outcomes(rpc::Status::Error) +
                client(*sim).outcomes(rpc::Status::Timeout) +
                client(*sim).outcomes(rpc::Status::Rejected),
            failed);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

}  // namespace
}  // namespace cs::strangler_fig
