// The no-lost-write checker keeps a key's earlier acknowledgments only
// while a read in flight may still need them, so a long run's memory
// follows the keys, not the writes; and what it keeps still catches a
// read that misses an acknowledged write.
#include <gtest/gtest.h>

#include "shard_test_support.h"

namespace cs::sharding::testing {
namespace {

constexpr std::int64_t kAcks = 1'000;

nlohmann::json idle() {
  return {{"shards", 2}, {"preload", 0}, {"rate", 0}, {"balancer", false}};
}

const Words& words(const Simulation& sim) {
  return static_cast<const ShardingPattern&>(sim.pattern()).words();
}

Key keySpace(const Simulation& sim) {
  return static_cast<const ShardingPattern&>(sim.pattern()).options().keySpace;
}

TraceRecord milestone(Label label, SimTime at, Key key, std::int64_t value, SimTime started) {
  TraceRecord r;
  r.kind = TraceKind::Milestone;
  r.label = label;
  r.at = at;
  r.v = {key, value, started.count(), 0, 0, 0};
  return r;
}

// Acks of key 7 with values 1..kAcks, at 1..kAcks µs.
void ackMany(AckedWriteChecker& c, const Words& w) {
  for (std::int64_t i = 1; i <= kAcks; ++i)
    c.onRecord(milestone(w.writeAcked, SimTime{i}, 7, i, SimTime{i}));
}

TEST(AckedWriteChecker, WithNoReadInFlightForgetsEveryAckButEachKeysLatest) {
  auto sim = world(idle());
  sim->runUntil(ms(1000));
  AckedWriteChecker c(words(*sim), sim->kernel(), keySpace(*sim));
  ackMany(c, words(*sim));
  ASSERT_EQ(c.historySize(), static_cast<std::size_t>(kAcks - 1));
  c.forgetSettled();
  EXPECT_EQ(c.historySize(), 0u);
  // A read begun now that misses the latest write is still caught.
  c.onRecord(milestone(words(*sim).readDone, sim->now(), 7, kAcks - 1, sim->now()));
  EXPECT_TRUE(c.hasViolations());
  EXPECT_EQ(c.acknowledged(), (std::vector<std::pair<Key, std::int64_t>>{{7, kAcks}}));
}

TEST(AckedWriteChecker, KeepsWhatAReadInFlightSinceBeforeTheAcksCanStillBeJudgedBy) {
  auto sim = world(idle());
  sim->runUntil(ms(100));
  // Both shards down: router-1's read of key 7 stays unanswered, in flight.
  sim->apply(fault(CommandKind::Crash, kFirstShard));
  sim->apply(fault(CommandKind::Crash, kFirstShard + 1));
  sim->apply(verb("read", {"7"}));
  const SimTime began = sim->now();
  sim->runUntil(ms(200));
  ASSERT_EQ(router(*sim, 0).oldestStart(), began);
  ASSERT_FALSE(router(*sim, 1).oldestStart());

  AckedWriteChecker c(words(*sim), sim->kernel(), keySpace(*sim));
  // One ack before the read began, then kAcks during it.
  const Words& w = words(*sim);
  c.onRecord(milestone(w.writeAcked, began - SimDuration{1}, 7, 1, SimTime{0}));
  for (std::int64_t i = 1; i <= kAcks; ++i)
    c.onRecord(milestone(w.writeAcked, began + SimDuration{i}, 7, 1 + i, began));
  c.forgetSettled();
  // The acks since the read began stay, and the one before it.
  EXPECT_EQ(c.historySize(), static_cast<std::size_t>(kAcks));
  // The read began after write 1 was acknowledged: reading it is right,
  // reading nothing is a lost write.
  c.onRecord(milestone(w.readDone, sim->now(), 7, 1, began));
  EXPECT_FALSE(c.hasViolations());
  c.onRecord(milestone(w.readDone, sim->now(), 7, 0, began));
  EXPECT_TRUE(c.hasViolations());
}

TEST(AckedWriteChecker, ALongRunOverFewKeysKeepsABoundedHistoryAndLosesNoWrite) {
  nlohmann::json o = {{"shards", 2},         {"keySpace", 100},        {"preload", 100},
                      {"rate", 1000},        {"scanShare", 0},         {"workers", 8},
                      {"queueLimit", 10000}, {"maxChunkKeys", 100000}, {"splitOps", 1e6},
                      {"balancer", false}};
  auto sim = world(o);
  sim->runUntil(ms(80'000));
  EXPECT_EQ(firstViolation(*sim), "");
  const auto& c = checker<AckedWriteChecker>(*sim);
  // About 80,000 writes were acknowledged; forgetting keeps the history
  // under the size that sets it off (65,536).
  EXPECT_LT(c.historySize(), std::size_t{65'536});
  EXPECT_TRUE(c.checkStored(sim->kernel()).empty());
}

}  // namespace
}  // namespace cs::sharding::testing
