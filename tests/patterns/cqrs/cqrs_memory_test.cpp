// Bounded memory in the CQRS shop (issue 14): the event store keeps only
// what retention says (old orders go, products are truncated before their
// snapshots), orders expire from the read models by a TTL, and the checkers
// forget what no one can read any more — and none of it costs a check its
// teeth: an order expired before its TTL, or an event skipped by a
// projector, is still found. Test thread only.
#include <iostream>

#include <gtest/gtest.h>

#include "cqrs_test_support.h"

namespace cs::cqrs {
namespace {

using namespace testing;

// Many orders, expiring on a scale of seconds, a store scavenging often.
nlohmann::json busyShop() {
  return {{"readRate", 100},
          {"orderRate", 400},
          {"products", 5},
          {"orderTtl", 3},
          {"snapshotEvery", 50},
          {"retention", {{"abandonedOrderAge", 5}, {"orderMaxAge", 5}, {"scavengeEvery", 1}}}};
}

struct Held {
  std::size_t events = 0, folds = 0, pages = 0;
};

Held held(const Simulation& sim) {
  Held h;
  h.events = store(sim).eventsHeld();
  h.folds = checker<FoldChecker>(sim).foldsHeld();
  for (int i = 0; i < pattern(sim).projectors(); ++i) {
    h.pages += projector(sim, i).model().pagesHeld();
    for (int r = 0; r < pattern(sim).activeReplicas(); ++r)
      h.pages += replica(sim, r).model(i).pagesHeld();
  }
  return h;
}

TEST(CqrsMemory, ALongBusyRunHoldsAsMuchAtTheEndAsAfterItsFirstMinute) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(60'000)});
  const Held early = held(*sim);
  sim->runUntil(SimTime{ms(240'000)});
  const Held late = held(*sim);
  std::cout << "[ memory   ] head " << store(*sim).head() << " placed "
            << shoppers(*sim).ordersPlaced() << " done " << shoppers(*sim).done() << " projected "
            << projected(*sim) << " events " << early.events << "->" << late.events << " folds "
            << early.folds << "->" << late.folds << " pages " << early.pages << "->" << late.pages
            << "\n";
  // Four times as many orders, and not more held.
  EXPECT_LE(late.events, early.events + 4096) << "the store's log grew";
  EXPECT_LE(late.folds, early.folds + 1024) << "the fold checker's folds grew";
  EXPECT_LE(late.pages, early.pages + 4) << "the read models' rows grew";
  EXPECT_GT(storeNode(*sim).reclaimed(), 0u);
  EXPECT_GT(store(*sim).horizon(), 0u);
  EXPECT_GT(everyProjector(*sim, [](const Projector& p) { return p.expired(); }), 0u);
  EXPECT_GT(shoppers(*sim).ordersPlaced(), 90'000);
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsMemory, AReadOfAnExpiredOrderSaysExpiredNotNotYetProjected) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(20'000)});
  const ShopStreams streams{pattern(*sim).options().products};
  const ReadModel& model = replica(*sim, 0).modelFor(QueryKind::OrderDetail);
  // Order 1 went long ago; the order after the last one placed is not there yet.
  const QueryAnswer old = answerFrom(model, streams, QueryKind::OrderDetail, 1, 0);
  EXPECT_TRUE(old.expired);
  EXPECT_FALSE(old.found);
  const std::int64_t next = shoppers(*sim).ordersPlaced() + 1;
  const QueryAnswer future = answerFrom(model, streams, QueryKind::OrderDetail, next, 0);
  EXPECT_FALSE(future.expired);
  EXPECT_FALSE(future.found);
  // "My orders" still counts the expired ones: the totals are over every order placed.
  std::int64_t mine = 0;
  for (std::int64_t s = 0; s < pattern(*sim).options().sessions; ++s) mine += model.ordersOf(s);
  EXPECT_EQ(mine, model.dashboard().orders);
  EXPECT_GT(model.dashboard().orders, 1'000);
  EXPECT_EQ(firstViolation(*sim), "");
}

// Regression: the TTL clock of a model is its own (the time of the newest
// event below its projector's checkpoint, carried to the replicas with each
// delta), so a replica that lags, crashes and takes a copy never expires an
// order early by another clock; and a checker holding the models to a
// longer TTL than they use does find the early expiries.
TEST(CqrsMemory, ExpiryGoesByTheModelsOwnClockAndAnEarlyOneIsCaught) {
  auto sim = world(busyShop(), 214);
  // A second fold checker, holding the models to a TTL twenty times theirs,
  // following the store from the start as the pattern's own does.
  const CqrsPattern& p = pattern(*sim);
  CheckedWorld strict{p.words(),        p.streams(),    p.options().sessions,
                      kStore,           p.projector(0), p.projectors(),
                      p.firstReplica(), kMaxReplicas,   ms(60'000)};
  FoldChecker tooLong(strict);
  auto runFor = [&](std::int64_t millis) {
    const SimTime until = sim->now() + ms(millis);
    while (sim->now() < until) {
      sim->runUntil(sim->now() + ms(100));
      tooLong.checkAll(sim->kernel());
    }
  };
  runFor(8'000);
  const NodeId r = p.replica(1);
  sim->apply(fault(CommandKind::Crash, r));
  runFor(4'000);
  sim->apply(fault(CommandKind::Restart, r));
  sim->apply(fault(CommandKind::Pause, p.projector(2)));
  runFor(2'000);
  sim->apply(fault(CommandKind::Resume, p.projector(2)));
  runFor(8'000);
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  EXPECT_EQ(firstViolation(*sim), "");
  const std::vector<std::string> v = tooLong.takeViolations();
  ASSERT_FALSE(v.empty());
  EXPECT_NE(v.front().find("within the TTL"), std::string::npos) << v.front();
}

// Regression: an order whose commit lands late — after the pages of the
// orders around it have expired and been freed — is folded when it comes,
// into its page brought back, and no replica's copy is left behind it.
TEST(CqrsMemory, AnOrderCommittedAfterItsNeighboursExpiredIsStillProjected) {
  nlohmann::json o = busyShop();
  o["storeWriters"] = 4;
  o["commitJitter"] = 4'000;  // later than the TTL
  o["orderTtl"] = 1;
  for (std::uint64_t seed : {661u, 807u, 3u}) {
    auto sim = world(o, seed);
    sim->runUntil(SimTime{ms(20'000)});
    sim->apply(verb("order-rate", {"0"}));
    sim->runUntil(sim->now() + ms(10'000));
    EXPECT_EQ(projected(*sim), store(*sim).head()) << "seed " << seed;
    checker<FoldChecker>(*sim).checkAll(sim->kernel());
    EXPECT_EQ(firstViolation(*sim), "") << "seed " << seed;
  }
}

// A projector down for longer than retention keeps orders comes back to a
// checkpoint behind the scavenge point: the positions reclaimed since are
// not holes to wait at, and it reads on from what is held to the head.
TEST(CqrsMemory, AProjectorRestartedBehindTheScavengePointCatchesUp) {
  for (const char* writers : {"1", "4"}) {
    nlohmann::json o = busyShop();
    o["projectors"] = 2;  // the listing, and every order model
    o["storeWriters"] = std::stoi(writers);
    auto sim = world(o);
    sim->runUntil(SimTime{ms(5'000)});
    const NodeId orders = pattern(*sim).projector(1);
    sim->apply(fault(CommandKind::Crash, orders));
    sim->runUntil(sim->now() + ms(40'000));
    const Position checkpoint = projector(*sim, 1).checkpoint();
    ASSERT_GT(store(*sim).horizon(), checkpoint) << writers << " writers";
    sim->apply(fault(CommandKind::Restart, orders));
    sim->runUntil(sim->now() + ms(10'000));
    sim->apply(verb("order-rate", {"0"}));
    sim->runUntil(sim->now() + ms(5'000));
    EXPECT_EQ(projector(*sim, 1).position(), store(*sim).head()) << writers << " writers";
    checker<FoldChecker>(*sim).checkAll(sim->kernel());
    EXPECT_EQ(firstViolation(*sim), "") << writers << " writers";
  }
}

TEST(CqrsMemory, ARebuildOnceTheStoreHasScavengedIsRefusedAndTheModelServesOn) {
  auto sim = world(busyShop());
  Milestones refused(*sim, "rebuild-refused");
  Milestones started(*sim, "rebuild-started");
  while (store(*sim).horizon() == 0 && sim->now() < SimTime{ms(120'000)})
    sim->runUntil(sim->now() + ms(1'000));
  ASSERT_GT(store(*sim).horizon(), 0u);
  const std::int64_t epoch = projector(*sim, 0).epoch();
  sim->apply(verb("rebuild", {"blue-green"}));
  sim->apply(verb("rebuild", {"in-place"}));
  sim->runUntil(sim->now() + ms(2'000));
  EXPECT_EQ(refused.size(), 2u * static_cast<std::size_t>(pattern(*sim).projectors()));
  EXPECT_EQ(started.size(), 0u);
  EXPECT_EQ(projector(*sim, 0).epoch(), epoch);
  EXPECT_GT(projector(*sim, 0).position(), store(*sim).horizon());
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsMemory, WithoutRetentionTheLogKeepsEveryEventAndARebuildRuns) {
  nlohmann::json o = busyShop();
  o["retention"] = "off";
  o["orderRate"] = 50;
  auto sim = world(o);
  Milestones switched(*sim, "rebuild-switched");
  sim->runUntil(SimTime{ms(20'000)});
  EXPECT_EQ(store(*sim).horizon(), 0u);
  EXPECT_EQ(store(*sim).eventsHeld() >= store(*sim).head(), true);
  sim->apply(verb("rebuild", {"blue-green", std::to_string(pattern(*sim).projector(0))}));
  sim->runUntil(sim->now() + ms(20'000));
  EXPECT_EQ(switched.size(), 1u);
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  EXPECT_EQ(firstViolation(*sim), "");
}

}  // namespace
}  // namespace cs::cqrs
