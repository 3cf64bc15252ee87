// Repair by replay (issue 15's CRUD twin comparison): a release whose fold
// takes an order's items off twice corrupts what the handlers derive and
// what the CRUD twin writes; the fix repairs the event-sourced state by
// replaying the log (its snapshots and cache from the buggy release are not
// trusted), and leaves the CRUD twin's rows wrong. And the aggregate cache
// switched on and off as a user action.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "es_test_support.h"

namespace cs::event_sourcing {
namespace {

using namespace testing;

nlohmann::json shop(int snapshotEvery = 0) {
  return {{"products", 2},
          {"initialStock", 10},
          {"orderRate", 0},
          {"restockRate", 0},
          {"snapshotEvery", snapshotEvery}};
}

void order(Simulation& sim, int quantity) {
  sim.apply(verb("order", {"1", std::to_string(quantity)}));
  sim.runUntil(sim.now() + ms(500));
}

TEST(EsRepair, TheFixedFoldRepairsTheLogsStateAndTheCrudRowStaysWrong) {
  auto sim = world(shop());
  sim->runUntil(ms(500));
  Milestones refused(*sim, "command-refused");
  Milestones replayed(*sim, "log-replayed");
  sim->apply(verb("deploy-bug", {}));
  order(*sim, 4);
  EXPECT_EQ(product(*sim, 1).stock, 6) << "the events are true";
  EXPECT_EQ(crud(*sim).stock(1), 2) << "the row was written by the bug";
  order(*sim, 3);
  ASSERT_EQ(refused.size(), 1u) << "the buggy fold says 2 left";
  EXPECT_EQ(refused.seen[0].v[3], 2);
  EXPECT_FALSE(sim->violations().empty()) << "the fold checker sees the derived state is wrong";

  sim->apply(verb("fix-bug", {}));
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(replayed.seen[0].v[0], 2) << "release 2";
  EXPECT_EQ(replayed.seen[0].v[2], 1) << "product-1 repaired";
  EXPECT_EQ(replayed.seen[0].v[3], 1) << "product-1's CRUD row stays wrong";
  EXPECT_EQ(replayed.seen[0].v[4], 6);
  EXPECT_EQ(replayed.seen[0].v[5], 2);
  const std::size_t broken = sim->violations().size();
  order(*sim, 3);
  EXPECT_EQ(refused.size(), 1u) << "the log has 6: the order is served";
  EXPECT_EQ(product(*sim, 1).stock, 3);
  EXPECT_EQ(crud(*sim).stock(1), 2) << "the CRUD twin refused it";
  EXPECT_EQ(sim->violations().size(), broken) << "the fixed fold agrees with the log again";
}

TEST(EsRepair, SnapshotsAndTheCacheOfTheBuggyReleaseAreNotTrustedAfterTheFix) {
  auto sim = world(shop(2));
  sim->runUntil(ms(500));
  sim->apply(verb("cache-aggregates", {"on"}));
  sim->apply(verb("deploy-bug", {}));
  order(*sim, 1);
  order(*sim, 1);
  ASSERT_GE(store(*sim).snapshotCount(), 1u);
  const Snapshot* buggy = store(*sim).latestSnapshot(0);
  ASSERT_NE(buggy, nullptr);
  EXPECT_EQ(buggy->release, 1);
  sim->apply(verb("fix-bug", {}));
  Milestones loaded(*sim, "aggregate-loaded");
  order(*sim, 1);
  ASSERT_GE(loaded.size(), 1u);
  EXPECT_EQ(loaded.seen[0].v[2], kNoStreamRevision) << "not from the buggy snapshot";
  EXPECT_EQ(loaded.seen[0].v[5], kNoStreamRevision) << "not from the buggy cache";
  EXPECT_EQ(loaded.seen[0].v[4], 10 - 2) << "every event replayed through the fixed fold";
  EXPECT_EQ(product(*sim, 1).stock, 7);
}

TEST(EsCache, TheSwitchIsAUserActionAndOffForgetsWhatWasHeld) {
  auto sim = world(shop());
  sim->runUntil(ms(500));
  sim->apply(verb("cache-aggregates", {"on"}));
  EXPECT_TRUE(handler(*sim, 0).options().cacheAggregates);
  for (int i = 0; i < 6; ++i) order(*sim, 1);
  const std::uint64_t hits = handler(*sim, 0).cacheHits() + handler(*sim, 1).cacheHits();
  EXPECT_GT(hits, 0u);
  sim->apply(verb("cache-aggregates", {"off"}));
  for (int i = 0; i < 4; ++i) order(*sim, 1);
  EXPECT_EQ(handler(*sim, 0).cacheHits() + handler(*sim, 1).cacheHits(), hits);
  EXPECT_EQ(product(*sim, 1).stock, 0);
  EXPECT_TRUE(sim->violations().empty());
  const auto& log = sim->commandLog();
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log.front().verb, "cache-aggregates");
  EXPECT_THROW(sim->validate(verb("cache-aggregates", {"maybe"})), InputError);
}

}  // namespace
}  // namespace cs::event_sourcing
