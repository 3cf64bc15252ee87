// The event that committed late: with concurrent writers the store hands
// out positions as writes begin and shows them as they commit, so a read
// can show position n + 1 while n is still being written. The gap-aware
// projector holds at the hole and loses nothing; the high-water mark reads
// on past it, and the fold checker (as it runs, without a final full pass)
// finds the event skipped. Test thread only.
#include <gtest/gtest.h>

#include "cqrs_test_support.h"
#include "patterns/cqrs/concurrent_store.h"

namespace cs::cqrs {
namespace {

using namespace testing;

// Many orders through four writers whose commits land up to 20 ms apart.
nlohmann::json concurrentWrites(const char* checkpoint) {
  return {{"readRate", 100},   {"products", 5},      {"orderRate", 200},        {"handlers", 4},
          {"storeWriters", 4}, {"commitJitter", 20}, {"checkpoint", checkpoint}};
}

const ConcurrentStore& concurrentStore(const Simulation& sim) {
  return static_cast<const ConcurrentStore&>(sim.kernel().node(kStore));
}

TEST(CqrsCommittedLate, ALaterPositionIsVisibleWhileAnEarlierOneIsStillBeingWritten) {
  auto sim = world(concurrentWrites("gap-aware"), 3);
  bool hole = false;
  for (int i = 0; i < 200 && !hole; ++i) {
    sim->runUntil(sim->now() + ms(5));
    const auto unseen = concurrentStore(*sim).unseen();
    hole = !unseen.empty() && unseen.front() < concurrentStore(*sim).visibleHead();
  }
  EXPECT_TRUE(hole) << "no write committed before an earlier one";
}

TEST(CqrsCommittedLate, TheGapAwareProjectorHoldsAtTheHoleAndLosesNothing) {
  auto sim = world(concurrentWrites("gap-aware"), 3);
  Milestones held(*sim, "held-at-gap");
  Milestones passed(*sim, "passed-over");
  sim->runUntil(SimTime{ms(3'000)});
  EXPECT_GT(held.size(), 0u);
  EXPECT_EQ(passed.size(), 0u);
  sim->apply(verb("order-rate", {"0"}));
  sim->runUntil(sim->now() + ms(3'000));
  EXPECT_EQ(projected(*sim), store(*sim).head());
  checker<FoldChecker>(*sim).checkAll(sim->kernel());
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(CqrsCommittedLate, TheHighWaterMarkReadsOnPastTheHoleAndTheCheckerSeesTheSkip) {
  auto sim = world(concurrentWrites("high-water"), 3);
  Milestones passed(*sim, "passed-over");
  sim->runUntil(SimTime{ms(3'000)});
  ASSERT_GT(passed.size(), 0u);
  // Found by the checks as the run goes, not by a final pass.
  EXPECT_TRUE(anyViolation(*sim, "an event skipped") || anyViolation(*sim, "one skipped"))
      << firstViolation(*sim);
}

}  // namespace
}  // namespace cs::cqrs
