// Retention in the running shop: the store truncates products before their
// snapshots, expires completed and abandoned orders and scavenges on a
// schedule; what it holds, what the checkers hold and the CRUD twin's rows
// stay bounded over a long run; readers before the horizon get a typed
// answer; a crash around a scavenge loses no committed event; the checkers
// still catch what they catch after scavenges; and the defaults take
// nothing a bundled scenario reads.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"
#include "es_test_support.h"
#include "patterns/event_sourcing/history_builder.h"
#include "patterns/event_sourcing/temporal.h"

namespace cs::event_sourcing {
namespace {

using namespace testing;

// A busy shop with short ages, so that a few simulated minutes see many
// scavenges: about 300 events a second.
nlohmann::json busyShop() {
  return {{"products", 2},
          {"initialStock", 1'000'000},
          {"orderRate", 200},
          {"snapshotEvery", 50},
          {"retention", {{"orderMaxAge", 5}, {"abandonedOrderAge", 10}, {"scavengeEvery", 2}}}};
}

struct Sizes {
  std::size_t events, ids, streams, checkerIds, checkerBlocks, checkerStreams, foldStreams,
      crudRows;
};

Sizes sizes(const Simulation& sim) {
  const EventStore& s = store(sim);
  const auto& log = checker<LogChecker>(sim);
  return {s.eventsHeld(),
          s.idsHeld(),
          s.streamsHeld(),
          log.idsHeld(),
          log.blocksHeld(),
          log.streamsHeld(),
          checker<FoldChecker>(sim).streamsHeld(),
          crud(sim).orderRows()};
}

TEST(EsRetention, WhatTheStoreAndTheCheckersHoldStaysBoundedOverALongRun) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(60'000)});
  const Position headAtOne = store(*sim).head();
  const Sizes one = sizes(*sim);
  sim->runUntil(SimTime{ms(240'000)});
  ASSERT_TRUE(sim->violations().empty()) << sim->violations().front().text;
  const Sizes four = sizes(*sim);
  EXPECT_GT(store(*sim).head(), 3 * headAtOne) << "the log went on growing";
  EXPECT_GT(storeNode(*sim).scavenges(), 100u);
  EXPECT_GT(store(*sim).horizon(), 2 * headAtOne);
  // Four times the events, not four times the memory.
  auto bounded = [](std::size_t later, std::size_t earlier, std::size_t slack) {
    return later <= earlier + earlier / 2 + slack;
  };
  EXPECT_TRUE(bounded(four.events, one.events, 4096)) << four.events << " vs " << one.events;
  EXPECT_TRUE(bounded(four.ids, one.ids, 4096)) << four.ids << " vs " << one.ids;
  EXPECT_TRUE(bounded(four.streams, one.streams, 2048)) << four.streams << " vs " << one.streams;
  EXPECT_TRUE(bounded(four.checkerIds, one.checkerIds, 4096))
      << four.checkerIds << " vs " << one.checkerIds;
  EXPECT_TRUE(bounded(four.checkerBlocks, one.checkerBlocks, 8))
      << four.checkerBlocks << " vs " << one.checkerBlocks;
  EXPECT_TRUE(bounded(four.checkerStreams, one.checkerStreams, 2048))
      << four.checkerStreams << " vs " << one.checkerStreams;
  EXPECT_TRUE(bounded(four.foldStreams, one.foldStreams, 2048))
      << four.foldStreams << " vs " << one.foldStreams;
  EXPECT_TRUE(bounded(four.crudRows, one.crudRows, 1024))
      << four.crudRows << " vs " << one.crudRows;
  // Snapshot + tail still folds to what every event folded as it came does.
  const auto& pattern = static_cast<const EsPattern&>(sim->pattern());
  for (std::int64_t p = 1; p <= 2; ++p)
    EXPECT_EQ(product(*sim, p).stock, pattern.histories(store(*sim)).current(p).stock);
}

TEST(EsRetention, ProductsAreTruncatedBeforeTheirLatestSnapshotAndLoadFromIt) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(30'000)});
  ASSERT_TRUE(sim->violations().empty()) << sim->violations().front().text;
  const EventStore& s = store(*sim);
  const ShopStreams streams{2};
  for (std::int64_t p = 1; p <= 2; ++p) {
    const StreamId stream = streams.product(p);
    const Snapshot* snap = s.latestSnapshot(stream);
    ASSERT_NE(snap, nullptr);
    EXPECT_GT(s.firstRevision(stream), 0) << "the scavenges truncated product " << p;
    EXPECT_LE(s.firstReadable(stream), snap->revision + 1);
    ASSERT_TRUE(s.scavengedStream(stream, 0));
  }
  EXPECT_GT(handler(*sim, 0).loads(), 0u);
}

TEST(EsRetention, AReaderBeforeTheHorizonGetsATypedAnswer) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(30'000)});
  const EventStore& s = store(*sim);
  ASSERT_GT(s.horizon(), 0u);
  const auto answer = s.scavengedAll(1);
  ASSERT_TRUE(answer);
  EXPECT_GT(answer->firstHeld, 1u);
  EXPECT_EQ(s.readAll(1, 1).front().position, answer->firstHeld);
  // "As of 1 s" is before the horizon: the query says so, rather than
  // answering from what is left.
  Milestones scavenged(*sim, "temporal-query-scavenged");
  Milestones answered(*sim, "temporal-query");
  sim->apply(verb("as-of", {"1", "1"}));
  sim->runUntil(sim->now() + ms(10));
  ASSERT_EQ(scavenged.size(), 1u);
  EXPECT_EQ(answered.size(), 0u);
  EXPECT_GT(scavenged.seen[0].v[2], scavenged.seen[0].v[1]);
  // As of a moment ago is after it: answered.
  sim->apply(verb("as-of", {"29.9", "1"}));
  sim->runUntil(sim->now() + ms(10));
  EXPECT_EQ(answered.size(), 1u);
}

TEST(EsRetention, ACrashAroundAScavengeLosesNoCommittedEvent) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(20'000)});
  ASSERT_GT(storeNode(*sim).scavenges(), 0u);
  // Crash the store at the instant its next scavenge is due (every 2 s from
  // its start): the scavenge does not run, and nothing committed is lost.
  sim->runUntil(SimTime{ms(22'000)} - SimDuration{1});
  const std::uint64_t scavenges = storeNode(*sim).scavenges();
  const Position head = store(*sim).head();
  const Position horizon = store(*sim).horizon();
  sim->apply(fault(CommandKind::Crash, kStore));
  sim->runUntil(sim->now() + ms(3000));
  EXPECT_EQ(storeNode(*sim).scavenges(), scavenges);
  EXPECT_EQ(store(*sim).head(), head);
  EXPECT_EQ(store(*sim).horizon(), horizon);
  for (Position p = horizon + 1; p <= head; ++p) ASSERT_TRUE(store(*sim).verify(p)) << p;
  sim->apply(fault(CommandKind::Restart, kStore));
  sim->runUntil(sim->now() + ms(10'000));
  EXPECT_GT(storeNode(*sim).scavenges(), scavenges) << "the schedule starts again";
  EXPECT_GT(store(*sim).head(), head);
  // The log checker compared the whole held log with its hashes at the restart.
  EXPECT_TRUE(sim->violations().empty()) << sim->violations().front().text;
}

TEST(EsRetention, TheStockCheckerStillCatchesAnOversellAfterScavenges) {
  auto options = busyShop();
  options["initialStock"] = 2'000;  // sold out about 40 s in; the clerk delivers a few now and then
  auto sim = world(options);
  sim->runUntil(SimTime{ms(45'000)});
  ASSERT_GT(store(*sim).horizon(), 0u);
  ASSERT_TRUE(sim->violations().empty()) << sim->violations().front().text;
  // Unsafe: two handlers that loaded the same few items both reserve them.
  sim->apply(verb("expected-revision", {"any"}));
  sim->runUntil(sim->now() + ms(20'000));
  ASSERT_FALSE(sim->violations().empty());
  EXPECT_NE(sim->violations().front().text.find("oversold"), std::string::npos)
      << sim->violations().front().text;
}

TEST(EsRetention, TheFoldCheckerStillCatchesABuggyFoldAfterScavenges) {
  auto sim = world(busyShop());
  sim->runUntil(SimTime{ms(30'000)});
  ASSERT_GT(store(*sim).horizon(), 0u);
  ASSERT_TRUE(sim->violations().empty()) << sim->violations().front().text;
  sim->apply(verb("deploy-bug"));
  sim->runUntil(sim->now() + ms(2000));
  ASSERT_FALSE(sim->violations().empty()) << "the buggy release's loads disagree with the log";
  EXPECT_NE(sim->violations().front().text.find("folding its events gives"), std::string::npos)
      << sim->violations().front().text;
}

TEST(EsRetention, OffKeepsEveryEvent) {
  auto options = busyShop();
  options["retention"] = "off";
  auto sim = world(options);
  sim->runUntil(SimTime{ms(20'000)});
  EXPECT_EQ(storeNode(*sim).scavenges(), 0u);
  EXPECT_EQ(store(*sim).horizon(), 0u);
  EXPECT_FALSE(store(*sim).scavengedAll(1));
  EXPECT_EQ(store(*sim).readStream(0, 0).size(),
            static_cast<std::size_t>(store(*sim).revision(0) + 1));
}

TEST(EsRetention, BadRetentionOptionsAreNamed) {
  auto expectError = [](nlohmann::json retention, const std::string& names) {
    try {
      world({{"retention", retention}});
      ADD_FAILURE() << "accepted " << retention.dump();
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(names), std::string::npos) << e.what();
    }
  };
  expectError("on", "options.retention");
  expectError({{"orderMaxAge", -1}}, "options.retention.orderMaxAge");
  expectError({{"scavengeEvery", 0}}, "options.retention.scavengeEvery");
  expectError({{"maxCount", 3}}, "options.retention.maxCount");
}

// The defaults scavenge first a minute into a run: every bundled
// scenario ends before that, with every event it wrote still readable
// (its narration, its expectations and time travel read them).
TEST(EsRetention, TheDefaultsTakeNothingABundledScenarioReads) {
  int scenarios = 0;
  for (const BundledScenario& bundled : bundledScenarios()) {
    if (!bundled.name.starts_with("es-")) continue;
    ++scenarios;
    ScenarioRunner r(loadScenario(bundled.name));
    for (std::size_t i = 0; i < r.stepCount(); ++i) {
      r.beginStep(i);
      ASSERT_TRUE(r.runStep()) << bundled.name << " step " << i;
    }
    const Simulation& sim = r.simulation();
    const StoreNode& node = storeNode(sim);
    ASSERT_TRUE(node.retention()) << bundled.name << ": retention is on by default";
    EXPECT_LT(sim.now(), SimTime{node.retention()->options().scavengeEvery}) << bundled.name;
    EXPECT_EQ(node.scavenges(), 0u) << bundled.name;
    for (StreamId s = 0; s < node.store().streamCount(); ++s)
      EXPECT_EQ(node.store().firstReadable(s), 0) << bundled.name << " stream " << s;
  }
  EXPECT_GE(scenarios, 8);
}

}  // namespace
}  // namespace cs::event_sourcing
