// The Event Sourcing world run whole: the last-item race with an exact and
// with an "any" expected revision, a lost acknowledgment with and without
// event ids, a store crash in the middle of an append, snapshots and load
// cost, deploying v2, a compensating event, a temporal query, the
// analytics subscription catching up, and bad verbs.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "es_test_support.h"

namespace cs::event_sourcing {
namespace {

using namespace testing;

// A quiet shop: one product with one item left unless said otherwise; no
// traffic but what the test sends.
nlohmann::json quiet(int stock = 1) {
  return {{"products", 2}, {"initialStock", stock}, {"orderRate", 0}, {"restockRate", 0}};
}

TEST(EsPattern, TheClerkAddsEveryProductWithItsOpeningStockAsOneBatch) {
  auto sim = world(quiet(4));
  Milestones batches(*sim, "append-committed");
  sim->runUntil(ms(500));
  EXPECT_EQ(store(*sim).head(), 4u);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches.seen[0].v[3], 2) << "ProductAdded + StockReceived, atomically";
  EXPECT_EQ(product(*sim, 1).stock, 4);
  EXPECT_EQ(crud(*sim).stock(2), 4);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsPattern, TwoShoppersOneLastItemExactRevisionGivesAConflictAReloadAndARefusal) {
  auto sim = world(quiet(1));
  sim->runUntil(ms(500));
  Milestones rejected(*sim, "wrong-expected-version");
  Milestones retried(*sim, "command-retried");
  Milestones refused(*sim, "command-refused");
  sim->apply(verb("race", {"1"}));
  sim->runUntil(ms(2000));
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected.seen[0].v[1], 1) << "expected revision 1";
  EXPECT_EQ(rejected.seen[0].v[2], 2) << "the stream is at 2";
  EXPECT_EQ(retried.size(), 1u);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused.seen[0].v[2], static_cast<std::int64_t>(Refusal::OutOfStock));
  EXPECT_EQ(product(*sim, 1).stock, 0);
  EXPECT_EQ(client(*sim, kShoppers).done(), 1u);
  EXPECT_EQ(client(*sim, kShoppers).refused(), 1u);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsPattern, TwoShoppersOneLastItemAnyRevisionOversellsAndTheCheckerSaysSo) {
  nlohmann::json o = quiet(1);
  o["expectedRevision"] = "any";
  auto sim = world(o);
  sim->runUntil(ms(500));
  Milestones oversold(*sim, "oversold");
  sim->apply(verb("race", {"1"}));
  sim->runUntil(ms(3000));
  EXPECT_EQ(product(*sim, 1).stock, -1);
  EXPECT_EQ(client(*sim, kShoppers).done(), 2u);
  EXPECT_EQ(oversold.size(), 1u) << "the analytics consumer sees it too";
  ASSERT_FALSE(sim->violations().empty());
  EXPECT_NE(sim->violations().front().text.find("oversold"), std::string::npos)
      << sim->violations().front().text;
  // The CRUD twin, updating one row in place, never oversold; it only knows "0".
  EXPECT_EQ(crud(*sim).stock(1), 0);
}

TEST(EsPattern, ALostAckWithEventIdsIsRecognisedAndNotDuplicated) {
  auto sim = world(quiet(5));
  sim->runUntil(ms(500));
  Milestones recognised(*sim, "already-appended");
  sim->apply(verb("lose-ack"));
  sim->apply(verb("order", {"1", "1"}));
  sim->runUntil(ms(3000));
  EXPECT_EQ(recognised.size(), 1u);
  EXPECT_EQ(product(*sim, 1).stock, 4) << "one item reserved, once";
  EXPECT_EQ(product(*sim, 1).reservations, 1);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsPattern, ALostAckWithFreshIdsReservesTwice) {
  nlohmann::json o = quiet(5);
  o["eventIds"] = false;
  o["expectedRevision"] = "any";
  auto sim = world(o);
  sim->runUntil(ms(500));
  sim->apply(verb("lose-ack"));
  sim->apply(verb("order", {"1", "1"}));
  sim->runUntil(ms(3000));
  EXPECT_EQ(product(*sim, 1).reservations, 2) << "the retry was stored as a new reservation";
  EXPECT_EQ(product(*sim, 1).stock, 3);
}

TEST(EsPattern, AStoreCrashMidAppendLosesTheAppendWholeAndTheRetryLandsIt) {
  nlohmann::json o = quiet(5);
  o["commitDelay"] = 50;
  auto sim = world(o);
  sim->runUntil(ms(1000));
  const Position before = store(*sim).head();
  Milestones recovered(*sim, "store-recovered");
  sim->apply(verb("order", {"1", "2"}));
  // The Append is on its way (2 ms) and then waits 50 ms for its commit.
  sim->runUntil(sim->now() + ms(20));
  ASSERT_EQ(storeNode(*sim).appendsInProgress(), 1u);
  sim->apply(fault(CommandKind::Crash, kStore));
  EXPECT_EQ(store(*sim).head(), before) << "nothing of the append was committed";
  sim->apply(fault(CommandKind::Restart, kStore));
  sim->runUntil(sim->now() + ms(3000));
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(recovered.seen[0].v[2], 1) << "one append in progress was lost whole";
  EXPECT_EQ(product(*sim, 1).stock, 3) << "the handler's retry committed it, once";
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsPattern, SnapshotsCutTheEventsFoldedPerLoad) {
  auto cost = [](int every) {
    nlohmann::json o = {{"products", 1},
                        {"initialStock", 100000},
                        {"orderRate", 200},
                        {"restockRate", 0},
                        {"snapshotEvery", every}};
    auto sim = world(o, 3);
    sim->runUntil(ms(10'000));
    EXPECT_TRUE(sim->violations().empty());
    std::uint64_t loads = 0, folded = 0;
    for (int h = 0; h < 2; ++h) {
      loads += handler(*sim, h).loads();
      folded += handler(*sim, h).folded();
    }
    return static_cast<double>(folded) / static_cast<double>(loads);
  };
  const double without = cost(0), with = cost(50);
  // Order streams are short either way; product-1's grows to ~1,000 events.
  EXPECT_GT(without, 100.0);
  EXPECT_LT(with, without / 4);
}

TEST(EsPattern, DeployingV2ChangesWhatIsWrittenNotWhatWasWritten) {
  nlohmann::json o = quiet(5);
  o["schema"] = 1;
  auto sim = world(o);
  sim->runUntil(ms(500));
  sim->apply(verb("order", {"1", "2"}));
  sim->runUntil(ms(1500));
  sim->apply(verb("deploy-v2"));
  sim->apply(verb("order", {"1", "2"}));
  sim->runUntil(ms(2500));
  std::vector<int> schemas;
  for (Position p = 1; p <= store(*sim).head(); ++p)
    if (store(*sim).at(p).data.type == static_cast<std::uint16_t>(EventType::ItemReserved))
      schemas.push_back(store(*sim).at(p).data.schema);
  EXPECT_EQ(schemas, (std::vector<int>{1, 1, 2}));
  EXPECT_EQ(product(*sim, 1).stock, 1);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsPattern, ACorrectionAppendsACompensatingEvent) {
  auto sim = world(quiet(5));
  sim->runUntil(ms(500));
  sim->apply(verb("restock", {"1", "100"}));
  sim->runUntil(ms(1000));
  const Position wrong = store(*sim).head();
  sim->apply(verb("correct", {std::to_string(wrong)}));
  sim->runUntil(ms(1500));
  EXPECT_EQ(store(*sim).head(), wrong + 1);
  EXPECT_EQ(store(*sim).at(wrong).data.body[0], 100);
  EXPECT_EQ(store(*sim).at(wrong + 1).data.type,
            static_cast<std::uint16_t>(EventType::StockCorrected));
  EXPECT_EQ(product(*sim, 1).stock, 5);
  EXPECT_EQ(crud(*sim).stock(1), 5);
}

TEST(EsPattern, ATemporalQueryAnswersWhatWasTrueThen) {
  auto sim = world(quiet(3));
  sim->runUntil(ms(1000));
  sim->apply(verb("order", {"1", "1"}));
  sim->runUntil(ms(5000));
  sim->apply(verb("order", {"1", "2"}));
  sim->runUntil(ms(6000));
  Milestones query(*sim, "temporal-query");
  sim->apply(verb("as-of", {"3", "1"}));
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(query.seen[0].v[2], 2) << "stock at 3 s";
  EXPECT_EQ(query.seen[0].v[4], 1) << "order 1 reserved last by then";
  EXPECT_EQ(query.seen[0].v[5], 0) << "the CRUD twin only knows now";
}

TEST(EsPattern, TheAnalyticsSubscriptionCatchesUpAfterACrashFromItsOwnCheckpoint) {
  nlohmann::json o = {{"products", 3}, {"orderRate", 50}};
  auto sim = world(o, 5);
  sim->runUntil(ms(2000));
  EXPECT_TRUE(analytics(*sim).live());
  sim->apply(fault(CommandKind::Crash, kAnalytics));
  sim->runUntil(ms(6000));
  const Position kept = analytics(*sim).checkpoint();
  EXPECT_GT(store(*sim).head(), kept + 50);
  Milestones caughtUp(*sim, "subscription-caught-up");
  sim->apply(fault(CommandKind::Restart, kAnalytics));
  sim->apply(verb("order-rate", {"0"}));
  sim->runUntil(ms(9000));
  EXPECT_GE(caughtUp.size(), 1u);
  EXPECT_EQ(analytics(*sim).checkpoint(), store(*sim).head());
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsPattern, BadVerbsAndOptionsAreExplained) {
  auto sim = world(quiet());
  EXPECT_THROW(sim->apply(verb("race", {"9"})), InputError);
  EXPECT_THROW(sim->apply(verb("expected-revision", {"maybe"})), InputError);
  EXPECT_THROW(sim->apply(verb("fly")), InputError);
  EXPECT_THROW(world({{"handlers", 1}}), InputError);
  EXPECT_THROW(world({{"expectedRevision", "sometimes"}}), InputError);
}

}  // namespace
}  // namespace cs::event_sourcing
