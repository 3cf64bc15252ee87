// The bundled Event Sourcing scenarios say numbers in their narration; run
// with their own seeds, the world must show those numbers at the end of the
// step that says them. (tests/scenarios runs every step of them with 40
// other seeds too.)
#include <gtest/gtest.h>

#include <iostream>

#include "clusterscope/driver.h"
#include "clusterscope/pacing.h"
#include "clusterscope/scenario.h"
#include "es_test_support.h"

namespace cs::event_sourcing {
namespace {

using namespace testing;

class ScenarioRun {
 public:
  explicit ScenarioRun(const char* name) : runner_(loadScenario(name)) {}
  // Runs step `i` and says whether its condition was met.
  bool step(std::size_t i) {
    runner_.beginStep(i);
    return runner_.runStep();
  }
  Simulation& sim() { return runner_.simulation(); }

 private:
  ScenarioRunner runner_;
};

TEST(EsScenarios, EveryChangeIsAnEvent) {
  ScenarioRun r("es-every-change");
  ASSERT_TRUE(r.step(0));
  EXPECT_EQ(store(r.sim()).head(), 6u) << "6 events at positions 1 to 6";
  EXPECT_EQ(store(r.sim()).streamCount(), 3u);
  Milestones committed(r.sim(), "append-committed");
  ASSERT_TRUE(r.step(1));
  ASSERT_GE(committed.size(), 2u);
  EXPECT_EQ(committed.seen[0].v[1], 1) << "expected revision 1";
  EXPECT_EQ(committed.seen[0].v[2], 2) << "ItemReserved at revision 2";
  EXPECT_EQ(committed.seen[1].v[1], -1) << "order-1 expecting no stream";
  ASSERT_TRUE(r.step(2));
  EXPECT_EQ(product(r.sim(), 1).stock, 3);
  EXPECT_EQ(product(r.sim(), 1).revision, 2) << "3 events";
  EXPECT_EQ(store(r.sim()).head(), 8u);
  EXPECT_EQ(analytics(r.sim()).checkpoint(), 8u);
  EXPECT_TRUE(analytics(r.sim()).live());
}

TEST(EsScenarios, TwoShoppersOneLastItem) {
  ScenarioRun r("es-last-item");
  ASSERT_TRUE(r.step(0));
  EXPECT_EQ(store(r.sim()).revision(0), 1);
  Milestones rejected(r.sim(), "wrong-expected-version");
  ASSERT_TRUE(r.step(1));
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected.seen[0].v[1], 1) << "expected 1";
  EXPECT_EQ(rejected.seen[0].v[2], 2) << "stream is at 2";
  ASSERT_TRUE(r.step(2));
  r.sim().runUntil(r.sim().now() + ms(50));  // the results reach the shoppers
  EXPECT_EQ(product(r.sim(), 1).stock, 0);
  EXPECT_EQ(store(r.sim()).revision(0), 2);
  EXPECT_EQ(client(r.sim(), kShoppers).done(), 1u);
  EXPECT_EQ(client(r.sim(), kShoppers).refused(), 1u);
  EXPECT_TRUE(r.sim().violations().empty());
}

TEST(EsScenarios, TheAcknowledgementGotLost) {
  ScenarioRun r("es-lost-ack");
  ASSERT_TRUE(r.step(0));
  EXPECT_EQ(product(r.sim(), 1).stock, 10);
  Milestones recognised(r.sim(), "already-appended");
  ASSERT_TRUE(r.step(1));
  EXPECT_EQ(recognised.size(), 1u);
  EXPECT_EQ(product(r.sim(), 1).stock, 9);
  EXPECT_EQ(product(r.sim(), 1).reservations, 1);
  Milestones rejected(r.sim(), "wrong-expected-version");
  ASSERT_TRUE(r.step(2));
  ASSERT_GE(rejected.size(), 1u);
  EXPECT_EQ(rejected.seen[0].v[1], 2) << "the retry expects revision 2";
  EXPECT_EQ(rejected.seen[0].v[2], 3) << "the stream is at 3";
  EXPECT_EQ(product(r.sim(), 1).stock, 7);
  EXPECT_EQ(product(r.sim(), 1).reservations, 3) << "two orders, three reservations";
}

TEST(EsScenarios, WhatWasInStockAt12s) {
  ScenarioRun r("es-as-of");
  ASSERT_TRUE(r.step(0));
  Milestones query(r.sim(), "temporal-query");
  ASSERT_TRUE(r.step(1));
  ASSERT_EQ(query.size(), 1u);
  const auto& v = query.seen[0].v;
  std::cout << "as of 12 s: position " << v[1] << ", stock " << v[2] << ", reservations " << v[3]
            << ", last order " << v[4] << ", CRUD now " << v[5] << "\n";
  EXPECT_EQ(v[1], 73);
  EXPECT_EQ(v[2], 17);
  EXPECT_EQ(v[3], 8);
  EXPECT_EQ(v[4], 26);
  EXPECT_EQ(v[5], 12);
  ASSERT_TRUE(r.step(2));
}

TEST(EsScenarios, EventsAreForever) {
  ScenarioRun r("es-forever");
  ASSERT_TRUE(r.step(0));
  ASSERT_TRUE(r.step(1));
  EXPECT_EQ(product(r.sim(), 1).stock, 8);
  ASSERT_TRUE(r.step(2));
  EXPECT_EQ(product(r.sim(), 1).stock, 6);
  std::vector<int> schemas;
  for (Position p : store(r.sim()).positions(0))
    if (store(r.sim()).at(p).data.type == static_cast<std::uint16_t>(EventType::ItemReserved))
      schemas.push_back(store(r.sim()).at(p).data.schema);
  EXPECT_EQ(schemas, (std::vector<int>{1, 1, 2}));
  ASSERT_TRUE(r.step(3));
  EXPECT_EQ(product(r.sim(), 1).stock, 106);
  ASSERT_TRUE(r.step(4));
  EXPECT_EQ(store(r.sim()).at(10).data.type, static_cast<std::uint16_t>(EventType::StockReceived));
  EXPECT_EQ(store(r.sim()).at(10).data.body[0], 100);
  EXPECT_EQ(product(r.sim(), 1).stock, 16);
  EXPECT_TRUE(r.sim().violations().empty());
}

TEST(EsScenarios, Snapshots) {
  ScenarioRun r("es-snapshots");
  ASSERT_TRUE(r.step(0));
  std::uint64_t loads = 0, folded = 0;
  for (int h = 0; h < 2; ++h) {
    loads += handler(r.sim(), h).loads();
    folded += handler(r.sim(), h).folded();
  }
  ASSERT_TRUE(r.step(1));
  std::uint64_t loads2 = 0, folded2 = 0;
  for (int h = 0; h < 2; ++h) {
    loads2 += handler(r.sim(), h).loads();
    folded2 += handler(r.sim(), h).folded();
  }
  EXPECT_GT(static_cast<double>(folded) / static_cast<double>(loads), 100.0);
  EXPECT_LT(static_cast<double>(folded2 - folded) / static_cast<double>(loads2 - loads), 50.0);
  const Position before = store(r.sim()).head();
  ASSERT_TRUE(r.step(2));
  EXPECT_EQ(store(r.sim()).head(), before);
  ASSERT_TRUE(r.step(3));
  EXPECT_GE(store(r.sim()).head(), before);
  EXPECT_TRUE(r.sim().violations().empty());
}

TEST(EsScenarios, TheUnsafeScenarioPlaysTheExactRaceToItsEnd) {
  ScenarioRun r("es-unsafe");
  ASSERT_TRUE(r.step(0));
  ASSERT_TRUE(r.step(1));
  ASSERT_TRUE(r.step(2));
  EXPECT_EQ(product(r.sim(), 1).stock, 1) << "the delivery of two, after the oversold -1";
  Milestones settled(r.sim(), "race-settled");
  ASSERT_TRUE(r.step(3));
  ASSERT_EQ(settled.size(), 1u);
  const auto& v = settled.seen[0].v;
  EXPECT_EQ(v[1], 1) << "one served";
  EXPECT_EQ(v[2], 1) << "one refused";
  EXPECT_EQ(v[3], 1) << "after one conflict and a reload";
  EXPECT_EQ(product(r.sim(), 1).stock, 0);
}

TEST(EsScenarios, ABugFixedByReplay) {
  ScenarioRun r("es-repair");
  ASSERT_TRUE(r.step(0));
  ASSERT_TRUE(r.step(1));
  EXPECT_EQ(product(r.sim(), 1).stock, 6);
  EXPECT_EQ(crud(r.sim()).stock(1), 2);
  ASSERT_TRUE(r.step(2));
  EXPECT_FALSE(r.sim().violations().empty());
  Milestones replayed(r.sim(), "log-replayed");
  ASSERT_TRUE(r.step(3));
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(replayed.seen[0].v[4], 6);
  EXPECT_EQ(replayed.seen[0].v[5], 2);
  ASSERT_TRUE(r.step(4));
  EXPECT_EQ(product(r.sim(), 1).stock, 3);
  EXPECT_EQ(crud(r.sim()).stock(1), 2);
  const Metrics& m = r.sim().kernel().metrics();
  EXPECT_EQ(m.value(*m.find("es.crud_drift")), 1) << "the CRUD row is 2, the log's fold 3";
}

// The fix is traced the moment it is deployed; the step still runs a
// simulated second so that the room sees the repaired state on screen, as
// it sees every other step's, rather than the window passing it in no time.
TEST(EsScenarios, TheFixStepStaysOnScreenForAMoment) {
  const auto report = pacingReport(loadScenario("es-repair"), std::nullopt, Driver::kDefaultSpeed);
  ASSERT_EQ(report.size(), 5u);
  const StepPacingReport& fix = report[3];
  EXPECT_EQ(fix.title, "Fix it, replay the log");
  EXPECT_TRUE(fix.met);
  EXPECT_GE(fix.simSeconds, 1.0 - 1e-9);
  EXPECT_GE(fix.wallSeconds, report[0].wallSeconds - 1e-9) << "as long as the first step";
}

}  // namespace
}  // namespace cs::event_sourcing
