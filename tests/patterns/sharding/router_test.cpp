// A router's operations and their timeouts: an answered operation costs
// its arrival, the request, the shard's work and the answer, and no timer
// of its own; an attempt nobody answers is sent again after the timeout,
// and the router gives up after its last attempt.
#include <gtest/gtest.h>

#include "shard_test_support.h"

namespace cs::sharding::testing {
namespace {

// Counts the operations router-1 sends, and when.
class OpSends : public TraceListener {
 public:
  explicit OpSends(Simulation& sim)
      : sim_(sim), op_(static_cast<const ShardingPattern&>(sim.pattern()).words().op) {
    sim_.kernel().trace().addListener(this);
  }
  ~OpSends() override { sim_.kernel().trace().removeListener(this); }
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.label == op_ && r.node == kFirstRouter) at.push_back(r.at);
  }
  std::vector<SimTime> at;

 private:
  Simulation& sim_;
  Label op_;
};

std::int64_t counter(const Simulation& sim, const std::string& name) {
  const Metrics& m = sim.kernel().metrics();
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m.info(static_cast<MetricId>(i)).name == name)
      return static_cast<std::int64_t>(m.value(static_cast<MetricId>(i)));
  throw std::logic_error("no metric " + name);
}

TEST(Router, AnAnsweredOperationCostsFourEventsAndArmsNoTimerOfItsOwn) {
  auto sim = world({{"mode", "hashed"},
                    {"shards", 4},
                    {"preload", 10'000},
                    {"keySpace", 10'000},
                    {"rate", 2'000},
                    {"scanShare", 0},
                    {"maxChunkKeys", 1'000'000},
                    {"splitOps", 1'000'000},
                    {"balancer", false}});
  sim->runUntil(ms(500));
  const std::uint64_t events = sim->kernel().eventsProcessed();
  const std::int64_t ok = counter(*sim, "shard.router-1.ok") + counter(*sim, "shard.router-2.ok");
  sim->runUntil(ms(3'500));
  const double perOp = static_cast<double>(sim->kernel().eventsProcessed() - events) /
                       static_cast<double>(counter(*sim, "shard.router-1.ok") +
                                           counter(*sim, "shard.router-2.ok") - ok);
  EXPECT_EQ(firstViolation(*sim), "");
  // Arrival, request, work, answer; a timer per operation would make five.
  EXPECT_GT(perOp, 3.9);
  EXPECT_LT(perOp, 4.1);
}

TEST(Router, AnUnansweredAttemptIsSentAgainAfterTheTimeoutUntilTheRouterGivesUp) {
  auto sim = world({{"shards", 2}, {"preload", 100}, {"rate", 0}, {"opTimeout", 100}});
  sim->runUntil(ms(200));  // the router has its map
  OpSends sends(*sim);
  for (NodeId s = kFirstShard; s < kFirstShard + 2; ++s)
    sim->kernel().network().setBlocked(kFirstRouter, s, true);
  sim->apply(verb("write", {"7"}));
  EXPECT_EQ(router(*sim, 0).inFlight(), 1u);
  sim->runUntil(ms(200) + ms(100) * 20);
  // The first attempt and eleven more, each a timeout after the one before.
  ASSERT_EQ(sends.at.size(), 12u);
  for (std::size_t i = 1; i < sends.at.size(); ++i)
    EXPECT_EQ(sends.at[i] - sends.at[i - 1], ms(100)) << i;
  EXPECT_EQ(router(*sim, 0).inFlight(), 0u);
  EXPECT_EQ(counter(*sim, "shard.router-1.failed"), 1);
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(Router, AnAttemptAnsweredInTimeIsNotSentAgain) {
  auto sim = world({{"shards", 2}, {"preload", 100}, {"rate", 0}, {"opTimeout", 100}});
  sim->runUntil(ms(200));
  OpSends sends(*sim);
  for (int i = 0; i < 20; ++i) sim->apply(verb("write", {std::to_string(i)}));
  sim->runUntil(ms(1'000));
  EXPECT_EQ(sends.at.size(), 20u);
  EXPECT_EQ(counter(*sim, "shard.router-1.ok"), 20);
  EXPECT_EQ(router(*sim, 0).inFlight(), 0u);
}

}  // namespace
}  // namespace cs::sharding::testing
