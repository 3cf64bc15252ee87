// Tests of the Ambassador pattern on whole runs: retries honour the maximum,
// the backoff and the budget; hedging lowers the p99 on a measured run;
// calls without a valid identity are refused and never reach B; the service
// code makes no retries itself (only its ambassador does); options and verbs
// are checked; a seed replays exactly. Test thread only.
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "ambassador_test_support.h"
#include "clusterscope/errors.h"
#include "rpc/service_node.h"

namespace cs::ambassador {
namespace {

using namespace testing;

// Each try the ambassador sends, grouped by the request it serves, with the
// time it was sent and the time its reply came back.
class Tries : public Listener {
 public:
  explicit Tries(Simulation& sim)
      : Listener(sim), request_(message(sim, "Request")), reply_(message(sim, "Reply")) {}
  struct Try {
    SimTime sent{}, replied{-1};
    NodeId to = kNoNode;
  };
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.label == request_ && r.node == kAmbassador) {
      byRequest[r.cause].push_back({r.at, SimTime{-1}, r.peer});
      owner_[r.msg] = {r.cause, byRequest[r.cause].size() - 1};
    }
    if (r.kind == TraceKind::Delivered && r.label == reply_ && r.peer == kAmbassador) {
      auto it = owner_.find(r.cause);
      if (it != owner_.end()) byRequest[it->second.first][it->second.second].replied = r.at;
    }
  }
  std::map<MessageId, std::vector<Try>> byRequest;

 private:
  Label request_, reply_;
  std::map<MessageId, std::pair<MessageId, std::size_t>> owner_;
};

TEST(Ambassador, IsRegisteredAndNamesBadOptions) {
  ASSERT_NE(findPattern("ambassador"), nullptr);
  try {
    world({{"maxRetrys", 3}});
    FAIL() << "an unknown key must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("options.maxRetrys"), std::string::npos) << e.what();
  }
  EXPECT_THROW(world({{"maxRetries", 11}}), InputError);
  EXPECT_THROW(world({{"jitter", "some"}}), InputError);
  EXPECT_THROW(world({{"backoffBase", 50}, {"backoffCap", 10}}), InputError);
  EXPECT_THROW(world({{"appWorkers", 0}}), InputError);
  EXPECT_THROW(world({{"replicaQueue", -1}}), InputError);
  {
    auto sized = world({{"appWorkers", 3}, {"appQueue", 7}, {"replicaWorkers", 5}});
    const auto& app = static_cast<const rpc::ServiceNode&>(sized->kernel().node(kApp));
    const auto& b2 = static_cast<const rpc::ServiceNode&>(sized->kernel().node(kB2));
    EXPECT_EQ(app.options().workers, 3);
    EXPECT_EQ(app.options().queueCapacity, 7);
    EXPECT_EQ(b2.options().workers, 5);
  }
  auto sim = world({});
  EXPECT_THROW(sim->apply(verb("sick", {"b3", "10"})), InputError);
  EXPECT_THROW(sim->apply(verb("hedging", {"maybe"})), InputError);
  EXPECT_THROW(sim->apply(verb("retry", {"on"})), InputError);
  EXPECT_EQ(sim->resolve("b2-ambassador"), NodeId{kB2Ambassador});
}

TEST(Ambassador, RetriesHonourTheMaximumAndTheBackoff) {
  auto sim = world({{"breaker", false},
                    {"hedging", false},
                    {"budgetPercent", 100},
                    {"budgetMinPerSecond", 1000},
                    {"maxRetries", 3},
                    {"backoffBase", 10},
                    {"backoffCap", 30},
                    {"jitter", "equal"},
                    {"loadRate", 5},
                    {"rogue", false}});
  Tries tries(*sim);
  sim->apply(verb("sick", {"b1", "5", "1"}));
  sim->apply(verb("sick", {"b2", "5", "1"}));
  sim->runUntil(ms(10'000));
  ASSERT_GT(tries.byRequest.size(), 30u);
  std::size_t complete = 0;
  for (const auto& [request, list] : tries.byRequest) {
    ASSERT_LE(list.size(), 4u) << "at most 1 + maxRetries tries";
    if (list.back().replied.count() < 0) continue;  // still running at the end
    ++complete;
    EXPECT_EQ(list.size(), 4u);
    for (std::size_t k = 0; k + 1 < list.size(); ++k) {
      ASSERT_GE(list[k].replied.count(), 0);
      const int retry = static_cast<int>(k) + 1;
      const SimDuration gap = list[k + 1].sent - list[k].replied;
      EXPECT_GE(gap, minimumBackoff(retry, ms(10), ms(30), Jitter::Equal)) << "retry " << retry;
      EXPECT_LE(gap, exponentialDelay(retry, ms(10), ms(30))) << "retry " << retry;
      EXPECT_NE(list[k + 1].to, list[k].to) << "a retry goes to the other replica";
    }
  }
  EXPECT_GT(complete, 30u);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(Ambassador, RetriesStayWithinTheBudget) {
  auto sim = world({{"breaker", false},
                    {"hedging", false},
                    {"budgetPercent", 20},
                    {"budgetMinPerSecond", 0},
                    {"maxRetries", 3},
                    {"loadRate", 200},
                    {"rogue", false}});
  MilestoneCount exhausted(*sim, "retry-budget-exhausted");
  sim->apply(verb("sick", {"b1", "5", "1"}));  // half the first tries fail
  sim->runUntil(ms(20'000));
  const auto& c = outbound(*sim).counters();
  const double ratio = static_cast<double>(c.retries) / static_cast<double>(c.requests);
  std::printf("budget 20%%: %llu requests, %llu retries (ratio %.3f), %llu not retried\n",
              static_cast<unsigned long long>(c.requests),
              static_cast<unsigned long long>(c.retries), ratio,
              static_cast<unsigned long long>(c.budgetExhausted));
  EXPECT_GT(c.requests, 3000u);
  EXPECT_LE(ratio, 0.21);
  EXPECT_GT(ratio, 0.15) << "the budget is used, not starved";
  EXPECT_GT(c.budgetExhausted, 0u);
  EXPECT_GT(exhausted.count, 0u);
  EXPECT_LE(exhausted.count, 21u) << "the milestone is rate-limited";
  EXPECT_TRUE(sim->violations().empty()) << sim->violations().front().text;
}

struct Tail {
  std::int64_t p99 = 0;
  std::uint64_t requests = 0, hedges = 0;
};

Tail measure(bool hedging) {
  auto sim = world({{"hedging", hedging}, {"loadRate", 100}, {"rogue", false}}, 42);
  sim->runUntil(ms(30'000));
  EXPECT_TRUE(sim->violations().empty());
  const auto& pattern = static_cast<const AmbassadorPattern&>(sim->pattern());
  const rpc::Stats* path = pattern.rpc().findPath(kClient, kApp);
  const auto& c = outbound(*sim).counters();
  return {path->latency.total.p99(), c.requests, c.hedges};
}

TEST(Ambassador, HedgingLowersTheP99) {
  const Tail off = measure(false);
  const Tail on = measure(true);
  std::printf("client p99: hedging off %lld us, on %lld us; hedges %llu of %llu requests\n",
              static_cast<long long>(off.p99), static_cast<long long>(on.p99),
              static_cast<unsigned long long>(on.hedges),
              static_cast<unsigned long long>(on.requests));
  EXPECT_EQ(off.hedges, 0u);
  EXPECT_LE(on.p99 * 10, off.p99 * 6) << "p99 with hedging at most 60% of without";
  EXPECT_LE(on.hedges * 100, on.requests * 10) << "hedges at most 10% extra load";
  EXPECT_GT(on.hedges, 0u);
}

// The overall timeout has no timer of its own: every try's timeout and every
// backoff end by it, so a request whose replicas never answer in time is
// answered 504 exactly at the deadline, and counted as an overall timeout.
TEST(Ambassador, TheOverallTimeoutEndsARequestOnTime) {
  auto sim = world({{"rogue", false},
                    {"breaker", false},
                    {"hedging", false},
                    {"perTryTimeout", 250},
                    {"overallTimeout", 300},
                    {"budgetPercent", 100},
                    {"budgetMinPerSecond", 1000},
                    {"loadRate", 20}});
  // Nothing answers the tries: both replicas' hosts are down.
  sim->apply(fault(CommandKind::Crash, kB1Ambassador));
  sim->apply(fault(CommandKind::Crash, kB2Ambassador));
  sim->runUntil(ms(5'000));
  const auto& c = outbound(*sim).counters();
  ASSERT_GT(c.requests, 60u);
  EXPECT_EQ(c.ok, 0u);
  EXPECT_GE(c.timeouts + 10, c.requests) << "all but those still running";
  EXPECT_EQ(c.tries, c.requests + c.retries);
  EXPECT_EQ(c.timeouts, c.failed);
  EXPECT_GE(c.retries, c.timeouts) << "one retry fits before the deadline";
  EXPECT_LE(c.retries, c.timeouts + 10);
  EXPECT_EQ(outbound(*sim).latency().total.min(), 300'000);
  EXPECT_EQ(outbound(*sim).latency().total.max(), 300'000);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(Ambassador, CallsWithoutAValidIdentityAreRefusedAndNeverReachB) {
  auto sim = world({{"rogueRate", 20}});
  MilestoneCount rejected(*sim, "identity-rejected");
  struct Reached : Listener {
    using Listener::Listener;
    void onRecord(const TraceRecord& r) override {
      if (r.kind == TraceKind::Delivered && (r.peer == kB1 || r.peer == kB2) &&
          (r.request >> 40) == kRogue)
        ++rogue;
    }
    std::uint64_t rogue = 0;
  } reached(*sim);
  sim->runUntil(ms(10'000));
  const auto& rogue = generator(*sim, kRogue);
  EXPECT_GT(rogue.sent(), 150u);
  EXPECT_EQ(reached.rogue, 0u);
  EXPECT_EQ(rogue.outcomes(rpc::Status::Ok), 0u);
  EXPECT_GE(inbound(*sim, kB1Ambassador).refused() + 2, rogue.sent());
  EXPECT_GT(rejected.count, 0u);
  EXPECT_LE(rejected.count, 11u) << "rate-limited to one a second";
  // The app's calls, which carry its identity, go through.
  EXPECT_GT(inbound(*sim, kB1Ambassador).forwarded(), 300u);
  EXPECT_EQ(inbound(*sim, kB2Ambassador).refused(), 0u);
  EXPECT_TRUE(sim->violations().empty());
}

// How many Requests the app sends per end-user request.
struct AppCalls : Listener {
  explicit AppCalls(Simulation& sim) : Listener(sim), request(message(sim, "Request")) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.label == request && r.node == kApp) ++perRequest[r.request];
    if (r.kind == TraceKind::Delivered && r.label == request && r.peer == kB1) ++b1Delivered;
  }
  Label request;
  std::map<RequestId, int> perRequest;
  std::uint64_t b1Delivered = 0;
};

TEST(Ambassador, TheServiceCodeMakesNoRetriesItself) {
  auto sim = world({{"rogue", false}, {"breaker", false}, {"loadRate", 50}});
  AppCalls app(*sim);
  sim->apply(verb("sick", {"b1", "5", "1"}));
  sim->runUntil(ms(5'000));
  ASSERT_GT(app.perRequest.size(), 200u);
  for (const auto& [request, n] : app.perRequest) ASSERT_EQ(n, 1) << "request " << request;
  EXPECT_GT(outbound(*sim).counters().retries, 0u) << "the ambassador is the one retrying";

  // Without the ambassador A calls b1 directly: one try per request, so a
  // failing b1 fails every request.
  auto direct = world({{"rogue", false}, {"ambassador", false}, {"loadRate", 50}});
  AppCalls plain(*direct);
  direct->apply(verb("sick", {"b1", "5", "1"}));
  direct->runUntil(ms(5'000));
  ASSERT_GT(plain.perRequest.size(), 200u);
  for (const auto& [request, n] : plain.perRequest) ASSERT_EQ(n, 1) << "request " << request;
  EXPECT_EQ(plain.b1Delivered, plain.perRequest.size());
  EXPECT_EQ(outbound(*direct).counters().requests, 0u);
  EXPECT_EQ(generator(*direct, kClient).outcomes(rpc::Status::Ok), 0u);
}

TEST(Ambassador, TogglesTakeEffectLive) {
  auto sim = world({{"rogue", false}});
  sim->runUntil(ms(2'000));
  const auto before = outbound(*sim).counters().requests;
  sim->apply(verb("ambassador", {"off"}));
  sim->runUntil(ms(4'000));
  EXPECT_LE(outbound(*sim).counters().requests, before + 2);
  sim->apply(verb("ambassador", {"on"}));
  sim->apply(verb("hedging", {"off"}));
  const auto hedges = outbound(*sim).counters().hedges;
  sim->runUntil(ms(6'000));
  EXPECT_GT(outbound(*sim).counters().requests, before + 150);
  EXPECT_EQ(outbound(*sim).counters().hedges, hedges);
  sim->apply(verb("rogue", {"on"}));
  sim->runUntil(ms(8'000));
  EXPECT_GT(generator(*sim, kRogue).sent(), 0u);
  EXPECT_FALSE(sim->snapshot(kAmbassador).fields.empty());
  EXPECT_TRUE(sim->violations().empty());
}

TEST(Ambassador, ASeedReplaysExactly) {
  auto a = world({}, 9);
  auto b = world({}, 9);
  a->apply(verb("sick", {"b2", "50", "0.3"}));
  b->apply(verb("sick", {"b2", "50", "0.3"}));
  a->runUntil(ms(3'000));
  b->runUntil(ms(3'000));
  EXPECT_EQ(a->kernel().trace().hash(), b->kernel().trace().hash());
}

}  // namespace
}  // namespace cs::ambassador
