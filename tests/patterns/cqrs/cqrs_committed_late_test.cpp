// The event that committed late: with concurrent writers the store hands
// out positions as writes begin and shows them as they commit, so a read
// can show position n + 1 while n is still being written. The gap-aware
// projector holds at the hole and loses nothing; the high-water mark reads
// on past it, and the fold checker (as it runs, without a final full pass)
// finds the event skipped. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/cqrs/cqrs_view.h"
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

// A spell of holding is one milestone when it begins and one when the
// projector has moved on, however many holes it waits at on the way: per
// projector they alternate, every spell that began has ended once the
// orders stop, and there are far fewer spells than holes.
TEST(CqrsCommittedLate, ASpellOfHoldingIsOneMilestoneWhenItBeginsAndOneWhenItEnds) {
  auto sim = world(concurrentWrites("gap-aware"), 3);
  Milestones held(*sim, "held-at-gap");
  Milestones filled(*sim, "gap-filled");
  sim->runUntil(SimTime{ms(3'000)});
  sim->apply(verb("order-rate", {"0"}));
  // The handlers work off the orders still queued; then the last spell ends.
  const SimTime limit = sim->now() + ms(20'000);
  while (sim->now() < limit && !concurrentStore(*sim).unseen().empty())
    sim->runUntil(sim->now() + ms(100));
  sim->runUntil(sim->now() + ms(1'000));
  ASSERT_GT(held.size(), 0u);
  EXPECT_EQ(held.size(), filled.size());
  std::size_t holes = 0;
  for (int i = 0; i < pattern(*sim).projectors(); ++i) {
    const NodeId p = pattern(*sim).projector(i);
    std::vector<const TraceRecord*> mine;
    for (const auto* list : {&held, &filled})
      for (const TraceRecord& r : list->seen)
        if (r.node == p) mine.push_back(&r);
    std::sort(mine.begin(), mine.end(),
              [](const TraceRecord* a, const TraceRecord* b) { return a->seq < b->seq; });
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const bool isHold = mine[k]->label == held.seen.front().label;
      EXPECT_EQ(isHold, k % 2 == 0) << "projector " << i << ", milestone " << k;
      if (!isHold) {
        EXPECT_EQ(mine[k]->v[0], mine[k - 1]->v[0]) << "a spell ends where it began";
        EXPECT_GT(mine[k]->v[1], 0) << "it waited";
        EXPECT_GE(mine[k]->v[3], 1) << "at one hole or more";
        holes += static_cast<std::size_t>(mine[k]->v[3]);
      }
    }
  }
  EXPECT_GT(holes, 2 * held.size()) << "spells of holding are not merged";
}

// The window sees the holes: positions taken by writes still under way,
// and the hole a gap-aware projector holds at, which is one of them or
// has just committed.
TEST(CqrsCommittedLate, TheViewShowsTheHolesAndWhereAProjectorHolds) {
  auto sim = world(concurrentWrites("gap-aware"), 3);
  bool holes = false, holding = false;
  for (int i = 0; i < 600 && !(holes && holding); ++i) {
    sim->runUntil(sim->now() + ms(5));
    const auto v = std::static_pointer_cast<const CqrsView>(sim->pattern().view(sim->kernel()));
    const auto unseen = concurrentStore(*sim).unseen();
    EXPECT_EQ(v->write.unseen, std::vector<std::uint64_t>(unseen.begin(), unseen.end()));
    holes = holes || !v->write.unseen.empty();
    for (const auto& pr : v->projectors) {
      if (pr.heldAt == 0) continue;
      holding = true;
      EXPECT_LE(pr.heldAt, v->write.head);
    }
  }
  EXPECT_TRUE(holes);
  EXPECT_TRUE(holding);
}

}  // namespace
}  // namespace cs::cqrs
