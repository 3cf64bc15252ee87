// The Strangler Fig pattern's mechanisms, one at a time: shadow comparison
// and its noise baseline, dry-run mirrors of writes, the canary's automatic
// analysis, rollback, retirement, change data capture, dual writes and the
// big-bang twin. The checkers run in every test; a test that expects a
// violation says so. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "fig_test_support.h"

namespace cs::strangler_fig {
namespace {

using namespace testing;

TEST(FigShadow, TheNoiseBaselineIgnoresTimestampsAndTheLedgerAddsUp) {
  auto sim = world({{"routes", {{"catalog", "shadow"}, {"checkout", "shadow"}}}});
  sim->runUntil(SimTime{ms(10'000)});
  for (const char* name : {"catalog", "checkout"}) {
    const RouteState& s = route(*sim, name);
    EXPECT_GT(s.mirrored, 100u) << name;
    EXPECT_EQ(compared(s) + s.comparing, s.mirrored) << name;
    EXPECT_EQ(outcome(s, ShadowOutcome::Mismatch), 0u) << name;
    EXPECT_GT(outcome(s, ShadowOutcome::Match), s.mirrored * 9 / 10) << name;
    // The stamp field always differs between two legacy instances: noise.
    EXPECT_TRUE(s.noise & (1u << kStamp)) << name;
  }
  // Mirrored checkouts are dry runs: every order is charged once.
  EXPECT_EQ(fig(*sim).payments().doubleCharges(), 0u);
  EXPECT_EQ(route(*sim, "catalog").newTotal.requests, 0u) << "no client traffic to new in shadow";
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigShadow, ShadowTrafficFindsTheSeededPriceBugBeforeAnyClientSeesIt) {
  auto sim = world({{"routes", {{"prices", "shadow"}}}, {"priceBug", true}});
  Count mismatches(*sim, "shadow-mismatch");
  sim->runUntil(SimTime{ms(10'000)});
  const RouteState& s = route(*sim, "prices");
  EXPECT_GT(outcome(s, ShadowOutcome::Mismatch), 5u);
  EXPECT_GT(outcome(s, ShadowOutcome::Match), outcome(s, ShadowOutcome::Mismatch));
  ASSERT_GT(mismatches.n, 0u);
  // The candidate rounds a price ending in 5 up by one cent.
  EXPECT_EQ(mismatches.last.v[2] % 10, 5);
  EXPECT_EQ(mismatches.last.v[3], mismatches.last.v[2] + 1);
  EXPECT_EQ(s.newTotal.requests, 0u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigShadow, MirroringWritesForRealChargesOrdersTwiceAndTheCheckerSaysSo) {
  auto sim = world({{"routes", {{"checkout", "shadow"}}}, {"mirrorWrites", true}});
  sim->runUntil(SimTime{ms(3'000)});
  EXPECT_GT(fig(*sim).payments().doubleCharges(), 0u);
  ASSERT_FALSE(sim->violations().empty());
  EXPECT_NE(sim->violations().front().text.find("charged 2 times"), std::string::npos)
      << violations(*sim);
}

TEST(FigCanary, AHealthyCanaryStepsThroughItsWeightsToMigrated) {
  auto sim = world({{"routes", {{"catalog", "canary"}}}, {"canaryPause", 2000}});
  Count moved(*sim, "route-moved");
  sim->runUntil(SimTime{ms(20'000)});
  const RouteState& s = route(*sim, "catalog");
  EXPECT_EQ(s.stage, Stage::Migrated);
  EXPECT_EQ(moved.n, 4u) << "25, 50, 100%, migrated";
  EXPECT_GT(s.newTotal.requests, 200u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigCanary, AFailingCanaryIsAbortedAndRolledBackByItself) {
  auto sim = world({{"routes", {{"checkout", "canary"}}}, {"checkoutBug", true}});
  Count aborted(*sim, "canary-aborted");
  Count rolledBack(*sim, "route-rolled-back");
  sim->runUntil(SimTime{ms(15'000)});
  EXPECT_EQ(aborted.n, 1u);
  EXPECT_EQ(rolledBack.n, 1u);
  EXPECT_EQ(rolledBack.last.v[4], 1) << "automatic";
  const RouteState& s = route(*sim, "checkout");
  EXPECT_EQ(s.stage, Stage::Legacy);
  // Only the canary's share failed, and nothing reached the new service after.
  EXPECT_GT(s.newTotal.failed, 0u);
  EXPECT_LT(s.newTotal.requests, 20u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigRollback, OneUpdateTakesAMigratedRouteBackAndARetiredOneCannotBe) {
  auto sim = world({{"routes", {{"cart", "migrated"}, {"search", "retired"}}}});
  sim->runUntil(SimTime{ms(2'000)});
  const std::uint64_t before = route(*sim, "cart").newTotal.requests;
  EXPECT_GT(before, 0u);
  sim->apply(verb("rollback", {"cart"}));
  sim->apply(verb("rollback", {"search"}));
  sim->runUntil(SimTime{ms(4'000)});
  EXPECT_EQ(route(*sim, "cart").stage, Stage::Legacy);
  EXPECT_EQ(route(*sim, "search").stage, Stage::Retired);
  // Calls in flight at the update may still finish; no new ones start.
  EXPECT_LE(route(*sim, "cart").newTotal.requests, before + 2);
  EXPECT_EQ(route(*sim, "search").legacyTotal.requests, 0u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigData, ChangeDataCaptureLagsVisiblyAndCatchesUp) {
  auto sim = world({{"cdcInterval", 1000}});
  const auto& sync = fig(*sim).sync(sim->kernel());
  const int cart = *capabilityByName("cart");
  SimDuration worst{0};
  while (sim->now() < SimTime{ms(8'000)}) {
    sim->runUntil(sim->now() + ms(50));
    worst = std::max(worst, sync.lag(cart, sim->now()));
  }
  EXPECT_GT(worst, ms(500));
  EXPECT_LE(worst, ms(1'200));
  sim->apply(verb("rate", {"0"}));
  sim->runUntil(sim->now() + ms(2'000));
  for (int c = 0; c < kCapabilities; ++c) {
    EXPECT_EQ(sync.pending(c), 0u);
    EXPECT_EQ(sync.diverged(c), 0u);
  }
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

// Counts the messages a node sends.
class SentBy : public TraceListener {
 public:
  SentBy(Simulation& sim, NodeId node) : sim_(sim), node_(node) {
    sim.kernel().trace().addListener(this);
  }
  ~SentBy() override { sim_.kernel().trace().removeListener(this); }
  SentBy(const SentBy&) = delete;
  SentBy& operator=(const SentBy&) = delete;
  void onRecord(const TraceRecord& r) override {
    n += r.kind == TraceKind::Sent && r.node == node_;
  }
  std::uint64_t n = 0;

 private:
  Simulation& sim_;
  NodeId node_;
};

TEST(FigData, SwitchingTheMonolithOffStopsChangeDataCapture) {
  auto sim = world({{"cdcInterval", 100}});
  const auto& sync = fig(*sim).sync(sim->kernel());
  SentBy sent(*sim, kSync);
  sim->runUntil(SimTime{ms(1'000)});
  ASSERT_GT(sent.n, 0u) << "the connector applies the legacy database's changes";
  EXPECT_FALSE(viewOf<FigView>(*sim->view()).cdcStopped);

  sim->apply(verb("cutover", {}));
  sim->apply(verb("advance", {"all"}));
  sim->runUntil(SimTime{ms(2'000)});
  sim->apply(verb("switch-off-legacy", {}));
  const SimTime off = sim->now();
  ASSERT_EQ(sim->kernel().status(kLegacy), NodeStatus::Crashed) << "every route is retired";
  sim->runUntil(SimTime{ms(2'500)});  // an apply in flight may still be answered
  const std::uint64_t before = sent.n;
  sim->runUntil(SimTime{ms(5'000)});
  EXPECT_EQ(sent.n, before) << "no legacy database to capture from: the connector is idle";
  EXPECT_TRUE(sync.captureStopped());
  const auto shown = sim->view();  // the view lives as long as this pointer
  const FigView& view = viewOf<FigView>(*shown);
  EXPECT_TRUE(view.cdcStopped);
  EXPECT_EQ(view.cdcStoppedAt, off);
}

// What the legacy database keeps of its log: the changes the connector's
// slot has not confirmed, so a day of writes is not a day of log.
std::size_t keptLog(const LegacyDb& db) {
  std::size_t kept = 0;
  for (int c = 0; c < kCapabilities; ++c) kept += db.logEnd(c) - db.purged(c);
  return kept;
}

TEST(FigData, TheLegacyLogKeepsOnlyWhatChangeDataCaptureHasNotRead) {
  auto sim = world({{"cdcInterval", 100}, {"rate", 400}});
  const auto& sync = fig(*sim).sync(sim->kernel());
  const LegacyDb& db = fig(*sim).db();
  for (int i = 1; i <= 20; ++i) {
    sim->runUntil(SimTime{ms(500 * i)});
    std::uint64_t pending = 0;
    for (int c = 0; c < kCapabilities; ++c) pending += sync.pending(c);
    EXPECT_EQ(keptLog(db), pending) << "at " << sim->now().count() << " us";
  }
  EXPECT_GT(db.changes(), 400u) << "the shop wrote";
  EXPECT_LT(keptLog(db) * 4, db.changes()) << "most of the log is confirmed and purged";
  // Switched off, the slot is dropped and the log released.
  sim->apply(verb("cutover", {}));
  sim->apply(verb("advance", {"all"}));
  sim->runUntil(sim->now() + ms(1'000));
  sim->apply(verb("switch-off-legacy", {}));
  EXPECT_EQ(keptLog(db), 0u);
}

TEST(FigData, WithDualWritesNoLogIsKept) {
  auto sim = world({{"dataSync", "dual-write"}, {"rate", 400}});
  sim->runUntil(SimTime{ms(3'000)});
  EXPECT_GT(fig(*sim).db().changes(), 0u);
  EXPECT_EQ(keptLog(fig(*sim).db()), 0u) << "nothing reads the log";
}

// Crashes facade-1 again and again while dual writes are going on.
std::uint64_t crashFacadesDuringDualWrites(Simulation& sim) {
  for (int i = 0; i < 40; ++i) {
    sim.runUntil(sim.now() + ms(97));
    sim.apply(fault(CommandKind::Crash, kFacade1));
    sim.runUntil(sim.now() + ms(3));
    sim.apply(fault(CommandKind::Restart, kFacade1));
  }
  std::uint64_t diverged = 0;
  for (int c = 0; c < kCapabilities; ++c) diverged += fig(sim).sync(sim.kernel()).diverged(c);
  return diverged;
}

TEST(FigData, ACrashBetweenDualWritesLeavesTheStoresApartWithoutReconciliation) {
  auto sim = world({{"dataSync", "dual-write"}, {"reconcile", false}, {"rate", 400}});
  EXPECT_GT(crashFacadesDuringDualWrites(*sim), 0u);
  // A later write of the same entity would heal it; with the clients
  // stopped nothing does.
  sim->apply(verb("rate", {"0"}));
  sim->runUntil(sim->now() + ms(8'000));
  ASSERT_FALSE(sim->violations().empty());
  EXPECT_NE(sim->violations().front().text.find("longer than the grace"), std::string::npos)
      << violations(*sim);
}

TEST(FigData, TheReconcilerRepairsWhatACrashBetweenDualWritesLeftApart) {
  auto sim = world({{"dataSync", "dual-write"}, {"rate", 400}});
  Count found(*sim, "divergence-found");
  crashFacadesDuringDualWrites(*sim);
  sim->apply(verb("rate", {"0"}));
  sim->runUntil(sim->now() + ms(5'000));
  EXPECT_GT(found.n, 0u);
  EXPECT_GT(fig(*sim).sync(sim->kernel()).repaired(), 0u);
  for (int c = 0; c < kCapabilities; ++c) EXPECT_EQ(fig(*sim).sync(sim->kernel()).diverged(c), 0u);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigBigBang, CuttingEveryRouteOverAtOnceFailsEveryCheckout) {
  auto sim = world({{"checkoutBug", true}});
  sim->runUntil(SimTime{ms(2'000)});
  sim->apply(verb("cutover"));
  sim->runUntil(SimTime{ms(12'000)});
  const RouteState& s = route(*sim, "checkout");
  EXPECT_EQ(s.stage, Stage::Migrated);
  EXPECT_GT(s.newTotal.requests, 50u);
  EXPECT_EQ(s.newTotal.failed, s.newTotal.requests);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigOptions, BadInputIsNamed) {
  auto bad = [](nlohmann::json o) {
    try {
      world(std::move(o));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(bad({{"routes", {{"nope", "shadow"}}}}).find("routes.nope"), std::string::npos);
  EXPECT_NE(bad({{"routes", {{"cart", "sideways"}}}}).find("canary-25"), std::string::npos);
  EXPECT_NE(bad({{"dataSync", "ftp"}}).find("dual-write"), std::string::npos);
  EXPECT_NE(bad({{"rate", -1}}).find("rate"), std::string::npos);
  auto sim = world({});
  EXPECT_THROW(sim->apply(verb("advance", {"nowhere"})), InputError);
  EXPECT_THROW(sim->apply(verb("price-bug", {"maybe"})), InputError);
}

}  // namespace
}  // namespace cs::strangler_fig
