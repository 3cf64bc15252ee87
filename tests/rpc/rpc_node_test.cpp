// The RPC layer: replies are matched to their calls, timeouts fire when the
// callee cannot answer, late replies are ignored and counted, and every
// message of an end-user request carries its id.
#include "rpc/rpc_node.h"

#include <gtest/gtest.h>

#include <map>

#include "rpc_cluster.h"

namespace cs::rpc {
namespace {

using testing::addNode;
using testing::Caller;
using testing::metric;
using testing::ms;

struct TwoNodes {
  explicit TwoNodes(SimDuration processing = ms(5), int workers = 4) : kernel(1), system(kernel) {
    caller = &addNode(system, "client", std::make_unique<Caller>(system));
    ServiceOptions o;
    o.workers = workers;
    o.processing = ProcessingTime::constant(processing);
    service = &addNode(system, "S", std::make_unique<ServiceNode>(system, o));
    kernel.step();  // starts the nodes
  }
  Kernel kernel;
  RpcSystem system;
  Caller* caller;
  ServiceNode* service;
};

TEST(Rpc, ReplyIsMatchedToItsCall) {
  TwoNodes c;
  const CallId a = c.caller->callNow(1, 0, {11, 0, 0}, 100, ms(50));
  const CallId b = c.caller->callNow(1, 0, {22, 0, 0}, 200, ms(50));
  EXPECT_NE(a, b);
  c.kernel.runUntil(ms(100));
  ASSERT_EQ(c.caller->outcomes.size(), 2u);
  for (const Outcome& o : c.caller->outcomes) {
    EXPECT_EQ(o.status, Status::Ok);
    EXPECT_EQ(o.callee, 1u);
    EXPECT_EQ(o.values[0], o.call == a ? 11 : 22);
    EXPECT_EQ(o.request, o.call == a ? 100u : 200u);
    // 1 ms there, 5 ms of work, 1 ms back.
    EXPECT_EQ(o.latency, ms(7));
  }
  EXPECT_EQ(c.caller->pendingCalls(), 0u);
  EXPECT_EQ(metric(c.kernel, "path.client->S.ok"), 2);
  EXPECT_EQ(metric(c.kernel, "svc.S.ok"), 2);
  EXPECT_EQ(metric(c.kernel, "svc.S.timeout"), 0);
}

TEST(Rpc, TimeoutFiresWhenTheCalleeIsCrashed) {
  TwoNodes c;
  c.kernel.crash(1);
  c.caller->callNow(1, 0, {}, 7, ms(30));
  c.kernel.runUntil(ms(29));
  EXPECT_TRUE(c.caller->outcomes.empty());
  c.kernel.runUntil(ms(100));
  ASSERT_EQ(c.caller->outcomes.size(), 1u);
  EXPECT_EQ(c.caller->outcomes[0].status, Status::Timeout);
  EXPECT_EQ(c.caller->outcomes[0].latency, ms(30));
  EXPECT_EQ(c.caller->outcomes[0].request, 7u);
  EXPECT_EQ(metric(c.kernel, "svc.S.timeout"), 1);
  EXPECT_EQ(metric(c.kernel, "path.client->S.timeout"), 1);
}

TEST(Rpc, TimeoutFiresWhenTheCalleeIsPartitioned) {
  TwoNodes c;
  c.kernel.setBlocked(1, 0, true);  // the request gets there; the reply cannot come back
  c.caller->callNow(1, 0, {}, 7, ms(30));
  c.kernel.runUntil(ms(100));
  ASSERT_EQ(c.caller->outcomes.size(), 1u);
  EXPECT_EQ(c.caller->outcomes[0].status, Status::Timeout);
  EXPECT_EQ(c.service->answered(), 1u);  // it did the work
}

TEST(Rpc, LateReplyAfterTheTimeoutIsIgnoredAndCounted) {
  TwoNodes c(ms(50));
  c.caller->callNow(1, 0, {}, 7, ms(20));
  c.kernel.runUntil(ms(200));
  ASSERT_EQ(c.caller->outcomes.size(), 1u);  // one outcome per call, never two
  EXPECT_EQ(c.caller->outcomes[0].status, Status::Timeout);
  EXPECT_EQ(c.caller->lateReplies(), 1u);
  EXPECT_EQ(metric(c.kernel, "path.client->S.late"), 1);
  EXPECT_EQ(metric(c.kernel, "svc.S.ok"), 0);
}

TEST(Rpc, ManyOutstandingCallsGrowTheTableAndAllComplete) {
  TwoNodes c(ms(1), 500);
  for (int i = 0; i < 500; ++i) c.caller->callNow(1, 0, {i, 0, 0}, 1, ms(10'000));
  EXPECT_EQ(c.caller->pendingCalls(), 500u);
  c.kernel.runUntil(ms(5'000));
  ASSERT_EQ(c.caller->outcomes.size(), 500u);
  for (const Outcome& o : c.caller->outcomes) {
    EXPECT_EQ(o.status, Status::Ok);
    EXPECT_EQ(static_cast<CallId>(o.values[0] + 1), o.call);
  }
}

TEST(Rpc, ACrashedCallerForgetsItsCallsAndNeverReusesTheirIds) {
  TwoNodes c(ms(50));
  const CallId before = c.caller->callNow(1, 0, {}, 1, ms(100));
  c.kernel.runUntil(ms(10));
  c.kernel.crash(0);
  EXPECT_EQ(c.caller->pendingCalls(), 0u);
  c.kernel.restart(0);
  const CallId after = c.caller->callNow(1, 0, {}, 2, ms(100));
  EXPECT_GT(after, before);
  c.kernel.runUntil(ms(300));
  // The old call's reply finds nothing (late); the new one completes.
  ASSERT_EQ(c.caller->outcomes.size(), 1u);
  EXPECT_EQ(c.caller->outcomes[0].call, after);
  EXPECT_EQ(c.caller->lateReplies(), 1u);
}

// The timeouts share one timer: each still fires at exactly its call's time
// plus its timeout, in deadline order even when a later call has a shorter
// timeout, and calls answered in time leave no dead timers behind.
TEST(Rpc, TimeoutsFireAtTheirOwnDeadlinesInDeadlineOrder) {
  TwoNodes c;
  c.kernel.crash(1);
  const CallId slow = c.caller->callNow(1, 0, {}, 1, ms(50));
  c.kernel.runUntil(ms(5));
  const CallId fast = c.caller->callNow(1, 0, {}, 2, ms(10));  // due at 15 ms, before 50 ms
  c.kernel.runUntil(ms(12));
  const CallId same = c.caller->callNow(1, 0, {}, 3, ms(38));  // due at 50 ms too
  c.kernel.runUntil(ms(100));
  ASSERT_EQ(c.caller->outcomes.size(), 3u);
  EXPECT_EQ(c.caller->outcomes[0].call, fast);
  EXPECT_EQ(c.caller->outcomes[0].latency, ms(10));
  EXPECT_EQ(c.caller->outcomes[1].call, slow);
  EXPECT_EQ(c.caller->outcomes[1].latency, ms(50));
  EXPECT_EQ(c.caller->outcomes[2].call, same) << "equal deadlines: in the order called";
  EXPECT_EQ(c.caller->outcomes[2].latency, ms(38));
  const auto timedOut = testing::records(c.kernel, TraceKind::Milestone);
  EXPECT_EQ(timedOut.size(), 3u);
  EXPECT_EQ(timedOut[0].at, ms(15));
  EXPECT_EQ(timedOut[1].at, ms(50));
  EXPECT_EQ(timedOut[2].at, ms(50));
}

TEST(Rpc, CallsAnsweredInTimeLeaveNoTimersBehind) {
  TwoNodes c(ms(1), 64);
  // 2,000 calls over 2 s, each answered in 3 ms, each with a 1 s timeout.
  for (int i = 0; i < 2'000; ++i) {
    c.caller->callNow(1, 0, {}, 1, ms(1'000));
    c.kernel.runUntil(c.kernel.now() + ms(1));
  }
  c.kernel.runUntil(ms(5'000));
  ASSERT_EQ(c.caller->outcomes.size(), 2'000u);
  EXPECT_EQ(metric(c.kernel, "svc.S.ok"), 2'000);
  // About one timer a second for the caller, not one per call; the service's
  // worker timers (one per request) make up the rest.
  std::size_t callerTimers = 0;
  for (const TraceRecord& r : testing::records(c.kernel, TraceKind::TimerFired))
    if (r.node == 0) ++callerTimers;
  EXPECT_LE(callerTimers, 10u);
  EXPECT_LE(c.kernel.eventsProcessed(), 2'000u * 3 + 2'000 + 20) << "request, reply, work";
}

// load -> A -> B: every message sent for one end-user request carries that
// request's id, and its cause is a message of the same request.
TEST(Rpc, RequestIdsPropagateEndToEnd) {
  Kernel k(3);
  RpcSystem sys(k);
  LoadOptions lo;
  lo.target = 1;
  lo.rate = 200;
  lo.timeout = ms(500);
  auto& load = addNode(sys, "load", std::make_unique<LoadGenerator>(sys, lo));
  ServiceOptions ao;
  ao.processing = ProcessingTime::uniform(ms(1), ms(3));
  auto& a = addNode(sys, "A", std::make_unique<ServiceNode>(sys, ao));
  auto& b = addNode(sys, "B", std::make_unique<ServiceNode>(sys, ao));
  a.addDependency({0, 2, 0, ms(100)});
  (void)b;
  k.runUntil(ms(1000));
  lo.rate = 0;
  load.setRate(0);
  k.runUntil(ms(2000));
  ASSERT_GT(load.sent(), 150u);
  EXPECT_EQ(load.outcomes(Status::Ok), load.sent());

  std::map<MessageId, RequestId> requestOf;
  std::map<RequestId, int> messagesOf;
  for (const TraceRecord& r : testing::records(k, TraceKind::Sent)) {
    ASSERT_NE(r.request, 0u) << "message " << r.msg << " serves no request";
    EXPECT_EQ(r.request >> 40, load.id()) << "not an id the generator made";
    if (r.cause != 0) {
      ASSERT_TRUE(requestOf.count(r.cause)) << "cause " << r.cause << " was never sent";
      EXPECT_EQ(requestOf[r.cause], r.request) << "message " << r.msg;
    } else {
      EXPECT_EQ(r.node, load.id()) << "only the generator starts requests";
    }
    requestOf[r.msg] = r.request;
    ++messagesOf[r.request];
  }
  // Each request: load->A, A->B, B->A, A->load.
  EXPECT_EQ(messagesOf.size(), load.sent());
  for (const auto& [request, n] : messagesOf) EXPECT_EQ(n, 4) << request;
}

}  // namespace
}  // namespace cs::rpc
