// The Ambassador pattern's milestones that scenarios wait on, and the
// inspector's recent p99: a hedge sent, a retry that saved a request, the
// breaker per replica opening, probing and closing (with the same words as
// the shop's breaker), each traced at most once a second with the count it
// stands for; and a p99 over the last seconds that falls within seconds of
// hedging being switched on. Test thread only.
#include <gtest/gtest.h>

#include <vector>

#include "ambassador_test_support.h"

namespace cs::ambassador {
namespace {

using namespace testing;

TEST(AmbassadorMilestones, AHedgeSentIsTracedOnceASecondWithItsCount) {
  auto sim = world({{"rogue", false}});
  Milestones sent(*sim, "hedge-sent");
  sim->runUntil(ms(10'000));
  const std::uint64_t hedges = outbound(*sim).counters().hedges;
  ASSERT_GT(hedges, 20u);
  ASSERT_FALSE(sent.seen.empty());
  EXPECT_LE(sent.seen.size(), 10u);
  for (const TraceRecord& r : sent.seen) {
    EXPECT_EQ(r.node, NodeId{kAmbassador});
    EXPECT_TRUE(r.peer == kB1Ambassador || r.peer == kB2Ambassador);
    EXPECT_EQ(r.v[0], 30) << "hedgeAfter in ms";
  }
  // Every hedge is counted by exactly one milestone, but for the ones since
  // the last (at most a second's worth).
  EXPECT_LE(sent.sum(1), static_cast<std::int64_t>(hedges));
  EXPECT_GE(sent.sum(1) + 20, static_cast<std::int64_t>(hedges));
  for (std::size_t i = 1; i < sent.seen.size(); ++i)
    EXPECT_GE(sent.seen[i].at - sent.seen[i - 1].at, ms(1'000));
}

TEST(AmbassadorMilestones, ARetryThatSavedARequestIsTraced) {
  auto sim = world({{"rogue", false}, {"breaker", false}, {"hedging", false}});
  Milestones saved(*sim, "retry-succeeded");
  sim->runUntil(ms(1'000));
  EXPECT_TRUE(saved.seen.empty()) << "healthy replicas need no retries";
  sim->apply(verb("sick", {"b1", "8", "0.3"}));
  sim->runUntil(ms(6'000));
  ASSERT_GE(saved.seen.size(), 4u);
  EXPECT_LE(saved.seen.size(), 6u);
  for (const TraceRecord& r : saved.seen) {
    EXPECT_EQ(r.peer, NodeId{kB2Ambassador}) << "b1 failed; the retry went to b2";
    EXPECT_EQ(r.v[0], 2) << "the first retry is the second try";
    EXPECT_GE(r.v[1], 0);
  }
  EXPECT_LE(saved.sum(2), static_cast<std::int64_t>(outbound(*sim).counters().retries));
  EXPECT_GT(saved.sum(2), 50);
  EXPECT_EQ(generator(*sim, kClient).outcomes(rpc::Status::Error), 0u);
}

TEST(AmbassadorMilestones, TheBreakerPerReplicaOpensProbesAndClosesInTheTrace) {
  auto sim = world({{"rogue", false}});
  Milestones opened(*sim, "breaker-opened");
  Milestones halfOpen(*sim, "breaker-half-open");
  Milestones closed(*sim, "breaker-closed");
  sim->runUntil(ms(1'000));
  sim->apply(verb("sick", {"b1", "8", "1"}));
  sim->runUntil(ms(2'000));
  ASSERT_EQ(opened.seen.size(), 1u);
  const TraceRecord& o = opened.seen.front();
  EXPECT_EQ(o.node, NodeId{kAmbassador});
  EXPECT_EQ(o.peer, NodeId{kB1Ambassador});
  EXPECT_GE(o.v[0], 50) << "failure rate at the threshold";
  EXPECT_GE(o.v[4], 5) << "at least minimumNumberOfCalls";
  EXPECT_EQ(outbound(*sim).breaker(0).state(), circuit_breaker::State::OPEN);
  sim->runUntil(ms(6'000));
  EXPECT_GE(halfOpen.seen.size(), 1u) << "probes after the 2 s wait";
  EXPECT_TRUE(closed.seen.empty());
  sim->apply(verb("recover", {"b1"}));
  sim->runUntil(ms(10'000));
  ASSERT_EQ(closed.seen.size(), 1u);
  EXPECT_EQ(closed.seen.front().peer, NodeId{kB1Ambassador});
  EXPECT_EQ(closed.seen.front().v[0], 2) << "both probes";
  EXPECT_EQ(closed.seen.front().v[1], 0) << "none failed";
  for (const auto* list : {&opened, &halfOpen, &closed})
    for (const TraceRecord& r : list->seen) EXPECT_NE(r.peer, NodeId{kB2Ambassador});
  EXPECT_EQ(outbound(*sim).breaker(0).state(), circuit_breaker::State::CLOSED);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(AmbassadorMilestones, TheRecentP99FallsSoonAfterHedgingIsSwitchedOn) {
  auto sim = world({{"rogue", false}, {"hedging", false}}, 3);
  sim->runUntil(ms(6'000));
  const std::int64_t before = outbound(*sim).recentLatency().last(sim->now()).p99();
  sim->apply(verb("hedging", {"on"}));
  sim->runUntil(ms(12'000));
  const std::int64_t after = outbound(*sim).recentLatency().last(sim->now()).p99();
  const std::int64_t wholeRun = outbound(*sim).latency().total.p99();
  std::printf(
      "ambassador p99 over the last 5 s: hedging off %lld us, on %lld us (whole run %lld)\n",
      static_cast<long long>(before), static_cast<long long>(after),
      static_cast<long long>(wholeRun));
  EXPECT_GT(before, 100'000);
  EXPECT_LT(after, 60'000);
  EXPECT_GT(wholeRun, 100'000) << "the whole-run p99 still remembers the tail";
  bool shown = false;
  for (const auto& [key, value] : sim->snapshot(kAmbassador).fields)
    if (key == "p50 / p99 (last 5 s)") shown = value.find(" / ") != std::string::npos;
  EXPECT_TRUE(shown);
}

TEST(RecentLatency, KeepsOnlyTheLastSeconds) {
  rpc::RecentLatency r;
  for (std::int64_t s = 0; s < 10; ++s) r.record(SimTime{s * 1'000'000 + 500}, (s + 1) * 1000);
  const rpc::Histogram h = r.last(SimTime{9'999'999});
  EXPECT_EQ(h.count(), 5u);
  EXPECT_EQ(h.min(), 6000) << "seconds 5..9";
  EXPECT_EQ(h.max(), 10'000);
  EXPECT_EQ(r.last(SimTime{20'000'000}).count(), 0u) << "nothing recent";
  r.clear();
  EXPECT_EQ(r.last(SimTime{9'999'999}).count(), 0u);
}

TEST(MilestoneThrottle, OnceASecondWithTheCountItStandsFor) {
  MilestoneThrottle t;
  std::vector<std::int64_t> counts;
  for (std::int64_t us = 0; us < 3'000'000; us += 100'000)
    if (t.count(SimTime{us})) counts.push_back(t.take(SimTime{us}));
  EXPECT_EQ(counts, (std::vector<std::int64_t>{1, 10, 10}));
}

}  // namespace
}  // namespace cs::ambassador
