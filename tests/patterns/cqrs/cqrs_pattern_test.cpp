// Unit tests of the CQRS pattern's mechanisms, each through the whole
// world: projections and replicas reaching the fold of the log, one
// projector per read model lagging on its own, read-your-writes with and
// without tokens, a stalled read side answering "stale", the crash between
// update and checkpoint (idempotent or double counting), the high-water-mark
// checkpoint skipping an event, rebuilds in place and blue/green of one read
// model while the others serve, replicas added and removed live, the
// one-model twin's orders queueing behind reads, and bad options. Test
// thread only.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "cqrs_test_support.h"

namespace cs::cqrs {
namespace {

using namespace testing;

nlohmann::json quiet(nlohmann::json o = nlohmann::json::object()) {
  if (!o.contains("readRate")) o["readRate"] = 100;
  if (!o.contains("products")) o["products"] = 5;
  return o;
}

// Stops the clients and lets the read side drain.
void settle(Simulation& sim) {
  sim.apply(verb("order-rate", {"0"}));
  sim.apply(verb("read-rate", {"0"}));
  const SimTime limit = sim.now() + ms(20'000);
  sim.runUntil(sim.now() + ms(1'000));
  while (projected(sim) < store(sim).head() && sim.now() < limit) sim.runUntil(sim.now() + ms(100));
  sim.runUntil(sim.now() + ms(1'000));
}

TEST(CqrsProjection, ReplicasReachTheHeadAndEveryRowIsTheFoldOfItsStream) {
  auto sim = world(quiet(), 3);
  sim->runUntil(SimTime{ms(4'000)});
  settle(*sim);
  EXPECT_EQ(firstViolation(*sim), "");
  ASSERT_GT(store(*sim).head(), 50u);
  ASSERT_EQ(pattern(*sim).projectors(), 4) << "one projector per read model";
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(projector(*sim, i).position(), store(*sim).head()) << i;
    EXPECT_EQ(projector(*sim, i).checkpoint(), store(*sim).head()) << i;
  }
  for (int r = 0; r < 3; ++r) EXPECT_EQ(replica(*sim, r).position(), store(*sim).head()) << r;
  EXPECT_EQ(replica(*sim, 3).position(), 0u) << "a spare replica holds nothing";
  const ShopStreams streams{5};
  // The listing's projector keeps the products only; the others the orders only.
  EXPECT_EQ(projector(*sim, 0).model().size(), 5u);
  EXPECT_EQ(projector(*sim, 1).model().row(streams.product(1))->revision, -1);
  for (std::int64_t p = 1; p <= 5; ++p) {
    const Row* row = replica(*sim, 1).modelFor(QueryKind::Listing).row(streams.product(p));
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->a, event_sourcing::foldAll(store(*sim), streams, streams.product(p)).stock);
  }
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_GT(browsers(*sim).ok(), 300u);
}

// A slow projector: the order's events reach the replicas tens of
// milliseconds after the shopper hears "done".
nlohmann::json laggy(bool tokens) {
  return quiet({{"projectCost", 6}, {"orderRate", 40}, {"tokens", tokens}});
}

TEST(CqrsReadYourWrites, WithoutTokensMyOrdersComesBackWithoutTheOrderJustPlaced) {
  auto sim = world(laggy(false), 5);
  Milestones stale(*sim, "stale-read");
  sim->runUntil(SimTime{ms(3'000)});
  EXPECT_GT(shoppers(*sim).staleReads(), 5u);
  ASSERT_GT(stale.size(), 0u);
  // The replica was behind the order's position: the lag caused it.
  EXPECT_LT(stale.seen[0].v[2], stale.seen[0].v[3]);
  EXPECT_EQ(firstViolation(*sim), "") << "no query carried a position, so none was broken";
}

TEST(CqrsReadYourWrites, WithTokensTheOrderIsAlwaysFoundAndNeverSilentlyStale) {
  auto sim = world(laggy(true), 5);
  sim->runUntil(SimTime{ms(3'000)});
  EXPECT_EQ(shoppers(*sim).staleReads(), 0u);
  EXPECT_GT(shoppers(*sim).freshReads(), 50u);
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsReadYourWrites, AStalledReadSideAnswersStaleNotALie) {
  auto sim = world(quiet({{"tokens", true}, {"tokenWait", 100}}), 7);
  sim->runUntil(SimTime{ms(1'000)});
  const NodeId myOrders = projectorNode(*sim, QueryKind::MyOrders);
  sim->apply(fault(CommandKind::Crash, myOrders));
  sim->runUntil(SimTime{ms(2'500)});
  EXPECT_GT(shoppers(*sim).markedStale(), 5u);
  EXPECT_EQ(shoppers(*sim).staleReads(), 0u);
  EXPECT_TRUE(shoppers(*sim).lastStale().marked);
  EXPECT_EQ(firstViolation(*sim), "");
  sim->apply(fault(CommandKind::Restart, myOrders));
  settle(*sim);
  EXPECT_EQ(replica(*sim, 0).position(), store(*sim).head());
  EXPECT_EQ(firstViolation(*sim), "");
}

// Crashes the projector while events are being applied and saved only every
// 25: the events since the last saved checkpoint are replayed on restart.
std::unique_ptr<Simulation> crashBetweenUpdateAndCheckpoint(bool idempotent) {
  auto sim =
      world(quiet({{"idempotent", idempotent}, {"checkpointEvery", 25}, {"orderRate", 60}}), 11);
  sim->runUntil(SimTime{ms(1'000)});
  for (int i = 0; i < 5; ++i) {
    for (int p = 0; p < pattern(*sim).projectors(); ++p)
      sim->apply(fault(CommandKind::Crash, pattern(*sim).projector(p)));
    sim->runUntil(sim->now() + ms(30));
    for (int p = 0; p < pattern(*sim).projectors(); ++p)
      sim->apply(fault(CommandKind::Restart, pattern(*sim).projector(p)));
    sim->runUntil(sim->now() + ms(217));
  }
  settle(*sim);
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  return sim;
}

void crashAndRestartEveryProjector(Simulation& sim) {
  for (int p = 0; p < pattern(sim).projectors(); ++p)
    sim.apply(fault(CommandKind::Crash, pattern(sim).projector(p)));
  sim.runUntil(sim.now() + ms(10));
  for (int p = 0; p < pattern(sim).projectors(); ++p)
    sim.apply(fault(CommandKind::Restart, pattern(sim).projector(p)));
}

TEST(CqrsCheckpoint, AnIdempotentProjectorSkipsWhatItAlreadyHoldsAfterACrash) {
  auto sim = crashBetweenUpdateAndCheckpoint(true);
  EXPECT_GT(everyProjector(*sim, [](const Projector& p) { return p.skipped(); }), 0u);
  EXPECT_EQ(everyProjector(*sim, [](const Projector& p) { return p.twice(); }), 0u);
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsCheckpoint, ANonIdempotentProjectorCountsTheReplayedEventsTwice) {
  auto sim = crashBetweenUpdateAndCheckpoint(false);
  EXPECT_GT(everyProjector(*sim, [](const Projector& p) { return p.twice(); }), 0u);
  EXPECT_NE(firstViolation(*sim).find("applied twice"), std::string::npos) << firstViolation(*sim);
}

TEST(CqrsCheckpoint, AHighWaterMarkCheckpointSkipsAnEventAPartitionStillHeld) {
  // Four partitions, one of them slow to drain (every order's product is
  // product 1, so its partition is the hot one), a crash mid-way.
  auto sim = world(quiet({{"checkpoint", "high-water"},
                          {"projectorWorkers", 4},
                          {"products", 1},
                          {"orderRate", 300},
                          {"handlers", 4},
                          {"projectCost", 5},
                          {"checkpointEvery", 1}}),
                   13);
  sim->runUntil(SimTime{ms(1'500)});
  crashAndRestartEveryProjector(*sim);
  settle(*sim);
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  // Its position lied before the crash (tokens saw orders missing), and
  // after it the hot partition's waiting events were never applied.
  EXPECT_TRUE(anyViolation(*sim, "silently stale")) << firstViolation(*sim);
  EXPECT_TRUE(anyViolation(*sim, "product-1")) << firstViolation(*sim);
}

TEST(CqrsCheckpoint, TheGapAwareCheckpointLosesNothingInTheSameCrash) {
  auto sim = world(quiet({{"checkpoint", "gap-aware"},
                          {"projectorWorkers", 4},
                          {"products", 1},
                          {"orderRate", 300},
                          {"handlers", 4},
                          {"projectCost", 5},
                          {"checkpointEvery", 1}}),
                   13);
  sim->runUntil(SimTime{ms(1'500)});
  crashAndRestartEveryProjector(*sim);
  settle(*sim);
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_EQ(projected(*sim), store(*sim).head());
}

// Rebuilds one read model by a verb naming its projector.
Command rebuild(const Simulation& sim, const char* mode, int projector) {
  return verb("rebuild", {mode, std::to_string(pattern(sim).projector(projector))});
}

TEST(CqrsRebuild, BlueGreenKeepsServingTheOldModelAndSwitchesWhenCaughtUp) {
  auto sim = world(quiet({{"orderRate", 30}}), 17);
  Milestones switched(*sim, "rebuild-switched");
  sim->runUntil(SimTime{ms(2'000)});
  const std::int64_t epoch = projector(*sim, 0).epoch();
  const std::int64_t othersEpoch = projector(*sim, 1).epoch();
  sim->apply(rebuild(*sim, "blue-green", 0));
  Position lowest = replica(*sim, 0).position(0);
  while (switched.size() == 0 && sim->now() < SimTime{ms(10'000)}) {
    sim->runUntil(sim->now() + ms(5));
    lowest = std::min(lowest, replica(*sim, 0).position(0));
  }
  ASSERT_EQ(switched.size(), 1u);
  EXPECT_EQ(switched.seen[0].node, pattern(*sim).projector(0));
  EXPECT_GT(projector(*sim, 0).epoch(), epoch);
  EXPECT_EQ(projector(*sim, 1).epoch(), othersEpoch) << "the other read models were left alone";
  EXPECT_GE(replica(*sim, 0).position(0) + 5, lowest) << "queries never saw a half-built model";
  EXPECT_GT(lowest, 100u);
  settle(*sim);
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsRebuild, InPlaceEmptiesOneModelUntilItCatchesUpWhileTheOthersServe) {
  auto sim = world(quiet({{"orderRate", 30}, {"projectCost", 3}}), 17);
  Milestones caughtUp(*sim, "projection-caught-up");
  sim->runUntil(SimTime{ms(2'000)});
  const Position before = replica(*sim, 0).position();
  const int dashboard = projectorFor(QueryKind::Dashboard, 4);
  sim->apply(rebuild(*sim, "in-place", dashboard));
  const std::size_t seen = caughtUp.size();
  sim->runUntil(sim->now() + ms(20));
  EXPECT_LT(replica(*sim, 0).position(dashboard), before / 2)
      << "the replicas copied the emptied model";
  // "My orders" is kept by another projector: still current, still found.
  const int myOrders = projectorFor(QueryKind::MyOrders, 4);
  EXPECT_GE(replica(*sim, 0).position(myOrders), before);
  const std::uint64_t fresh = shoppers(*sim).freshReads();
  sim->runUntil(sim->now() + ms(200));
  EXPECT_GT(shoppers(*sim).freshReads(), fresh);
  sim->runUntil(sim->now() + ms(3'000));
  EXPECT_GT(caughtUp.size(), seen);
  settle(*sim);
  EXPECT_EQ(replica(*sim, 0).position(), store(*sim).head());
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsProjectors, EachReadModelLagsByItsOwnProjector) {
  auto sim = world(quiet({{"orderRate", 40}}), 29);
  sim->runUntil(SimTime{ms(1'000)});
  const NodeId dashboard = projectorNode(*sim, QueryKind::Dashboard);
  sim->apply(fault(CommandKind::Crash, dashboard));
  sim->runUntil(sim->now() + ms(1'500));
  const Position head = store(*sim).head();
  const auto& p = pattern(*sim);
  const int d = projectorFor(QueryKind::Dashboard, 4);
  EXPECT_GT(p.lagEvents(sim->kernel(), d), 40u) << "the stopped projector falls behind";
  EXPECT_LT(p.lagEvents(sim->kernel(), projectorFor(QueryKind::Listing, 4)), 10u);
  EXPECT_LT(p.lagEvents(sim->kernel(), projectorFor(QueryKind::MyOrders, 4)), 10u);
  EXPECT_LT(replica(*sim, 0).position(d) + 40, head);
  EXPECT_GE(shoppers(*sim).freshReads(), 40u) << "\"my orders\" is served meanwhile";
  EXPECT_EQ(shoppers(*sim).staleReads(), 0u);
  sim->apply(fault(CommandKind::Restart, dashboard));
  settle(*sim);
  EXPECT_EQ(replica(*sim, 0).position(d), store(*sim).head());
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsProjectors, ThreeProjectorsShareTheOrderRowsBetweenMyOrdersAndTheDetail) {
  auto sim = world(quiet({{"projectors", 3}}), 31);
  EXPECT_EQ(pattern(*sim).nodeName(pattern(*sim).projector(1)), "orders-projector");
  EXPECT_EQ(projectorFor(QueryKind::MyOrders, 3), projectorFor(QueryKind::OrderDetail, 3));
  sim->runUntil(SimTime{ms(2'000)});
  settle(*sim);
  EXPECT_EQ(replica(*sim, 2).position(), store(*sim).head());
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsReplicas, AReplicaAddedLiveTakesACopyAndServes) {
  auto sim = world(quiet(), 19);
  sim->runUntil(SimTime{ms(1'000)});
  sim->apply(verb("add-replica"));
  EXPECT_EQ(pattern(*sim).activeReplicas(), 4);
  sim->runUntil(sim->now() + ms(1'000));
  EXPECT_TRUE(replica(*sim, 3).synced());
  EXPECT_GT(replica(*sim, 3).served(), 10u);
  sim->apply(verb("remove-replica"));
  sim->apply(verb("remove-replica"));
  sim->apply(verb("remove-replica"));
  EXPECT_EQ(pattern(*sim).activeReplicas(), 2) << "never fewer than two";
  const std::uint64_t served = replica(*sim, 2).served();
  sim->runUntil(sim->now() + ms(1'000));
  EXPECT_EQ(replica(*sim, 2).served(), served);
  EXPECT_EQ(firstViolation(*sim), "");
}

// The same seed and load, one model and CQRS: a flood of reads in front of
// the orders in one pool, or on replicas of their own.
std::int64_t orderP99(const char* model) {
  auto sim = world({{"model", model}, {"readRate", 4'500}, {"orderRate", 20}}, 23);
  sim->runUntil(SimTime{ms(4'000)});
  EXPECT_EQ(firstViolation(*sim), "") << model;
  return shoppers(*sim).latency().totalP99();
}

TEST(CqrsCompare, OrdersQueueBehindReadsInOneModelButNotWithCqrs) {
  const std::int64_t one = orderP99("one");
  const std::int64_t split = orderP99("cqrs");
  EXPECT_GT(one, 3 * split) << "one model " << one << " us, CQRS " << split << " us";
  EXPECT_LT(split, 30'000);
}

TEST(CqrsOptions, BadOptionsNameTheKeyAndWhatWasExpected) {
  try {
    parseCqrsOptions({{"replicas", 9}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("replicas"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parseCqrsOptions({{"model", "two"}}), InputError);
  EXPECT_THROW(parseCqrsOptions({{"checkpoint", "sometimes"}}), InputError);
  EXPECT_THROW(parseCqrsOptions({{"nonsense", 1}}), InputError);
  EXPECT_THROW(parseCqrsOptions({{"projectors", 5}}), InputError);
  EXPECT_EQ(parseCqrsOptions(nullptr).replicas, 3);
}

}  // namespace
}  // namespace cs::cqrs
