// The service model: throughput saturates at W/P; above capacity the queue
// fills to Q, further requests are rejected and queueing latency grows;
// below capacity nothing is rejected and p99 is the processing time; a crash
// loses the queue; the knobs act live.
#include "rpc/service_node.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rpc_cluster.h"

namespace cs::rpc {
namespace {

using testing::addNode;
using testing::Caller;
using testing::metric;
using testing::ms;

// load -> S, with S's options and the load's rate; one-way latency 1 ms.
struct Loaded {
  Loaded(ServiceOptions so, double rate, double jitter = 0.0, SimDuration timeout = ms(10'000))
      : kernel(5), system(kernel) {
    LoadOptions lo;
    lo.target = 1;
    lo.rate = rate;
    lo.jitter = jitter;
    lo.timeout = timeout;
    load = &addNode(system, "load", std::make_unique<LoadGenerator>(system, lo));
    service = &addNode(system, "S", std::make_unique<ServiceNode>(system, so));
    kernel.setBeforeSample([this] {
      system.updateGauges();
      maxQueue = std::max(maxQueue, metric(kernel, "svc.S.queue"));
    });
  }
  Kernel kernel;
  RpcSystem system;
  LoadGenerator* load;
  ServiceNode* service;
  std::int64_t maxQueue = 0;
};

ServiceOptions options(int workers, int queue, SimDuration processing) {
  ServiceOptions o;
  o.workers = workers;
  o.queueCapacity = queue;
  o.processing = ProcessingTime::constant(processing);
  return o;
}

TEST(Service, ThroughputSaturatesAtWorkersOverProcessingTime) {
  // W = 4, P = 10 ms: at most 400 answers per second, offered 1000.
  Loaded c(options(4, 20, ms(10)), 1000);
  c.kernel.runUntil(ms(500));
  const std::uint64_t answeredBefore = c.service->answered();
  c.kernel.runUntil(ms(2500));
  const std::uint64_t answered = c.service->answered() - answeredBefore;
  EXPECT_GE(answered, 798u);  // 2 s at 400/s
  EXPECT_LE(answered, 802u);
  EXPECT_EQ(c.service->busyWorkers(), 4);
}

TEST(Service, AboveCapacityTheQueueFillsAndTheRestIsRejected) {
  Loaded c(options(4, 20, ms(10)), 1000);
  c.kernel.runUntil(ms(100));
  const auto earlyP50 = c.system.findPath(0, 1)->latency.total.p50();
  c.kernel.runUntil(ms(2000));
  EXPECT_EQ(c.maxQueue, 20);
  EXPECT_EQ(c.service->queueLength(), 20u);
  EXPECT_TRUE(c.service->rejecting());
  c.load->setRate(0);
  c.kernel.runUntil(ms(2005));  // until the last request and rejection have landed
  // Every request was either accepted or rejected at once.
  EXPECT_EQ(c.service->accepted() + c.service->rejected(), c.load->sent());
  // About 600 of each 1000 per second are turned away.
  EXPECT_GT(c.service->rejected(), 1000u);
  EXPECT_EQ(static_cast<std::uint64_t>(metric(c.kernel, "svc.S.rejected")), c.service->rejected());
  EXPECT_EQ(c.load->outcomes(Status::Rejected), c.service->rejected());
  EXPECT_EQ(c.load->outcomes(Status::Timeout), 0u);
  // Queueing: an accepted request waits behind Q/W = 5 rounds of P.
  const Histogram& okLatency = c.system.findPath(0, 1)->latency.total;
  EXPECT_LT(earlyP50, ms(30).count());
  EXPECT_GE(okLatency.p90(), ms(60).count());
  EXPECT_GE(c.load->outcomes(Status::Ok), 700u);
  // The milestone is told once, when rejecting begins.
  int rejecting = 0;
  for (const TraceRecord& r : testing::records(c.kernel, TraceKind::Milestone))
    if (r.label == c.system.words().rejecting) ++rejecting;
  EXPECT_EQ(rejecting, 1);
}

TEST(Service, BelowCapacityNothingIsRejectedAndP99IsTheProcessingTime) {
  // 200/s against a capacity of 400/s, with arrivals jittered by +-50%.
  Loaded c(options(4, 20, ms(10)), 200, 0.5);
  c.kernel.runUntil(ms(3000));
  EXPECT_GT(c.load->sent(), 550u);
  EXPECT_EQ(c.service->rejected(), 0u);
  EXPECT_EQ(c.load->outcomes(Status::Timeout), 0u);
  // 1 ms there + 10 ms of work + 1 ms back; no request ever waited.
  const Histogram& h = c.system.findService(1)->latency.total;
  EXPECT_EQ(h.p99(), ms(12).count());
  EXPECT_EQ(h.max(), ms(12).count());
  EXPECT_LE(c.maxQueue, 0);
}

TEST(Service, ACrashLosesTheQueueAndTheCallersTimeOut) {
  Kernel k(1);
  RpcSystem sys(k);
  auto& caller = addNode(sys, "client", std::make_unique<Caller>(sys));
  auto& s = addNode(sys, "S", std::make_unique<ServiceNode>(sys, options(1, 10, ms(100))));
  k.step();
  for (int i = 0; i < 5; ++i) caller.callNow(1, 0, {}, 1 + i, ms(1000));
  k.runUntil(ms(50));
  EXPECT_EQ(s.busyWorkers(), 1);
  EXPECT_EQ(s.queueLength(), 4u);
  k.crash(1);
  EXPECT_EQ(s.busyWorkers(), 0);
  EXPECT_EQ(s.queueLength(), 0u);
  EXPECT_EQ(metric(k, "svc.S.inflight"), 0);
  k.restart(1);
  k.runUntil(ms(2000));
  ASSERT_EQ(caller.outcomes.size(), 5u);
  for (const Outcome& o : caller.outcomes) EXPECT_EQ(o.status, Status::Timeout);
  EXPECT_EQ(metric(k, "svc.S.timeout"), 5);
  // The restarted service serves again.
  caller.callNow(1, 0, {}, 9, ms(1000));
  k.runUntil(ms(3000));
  ASSERT_EQ(caller.outcomes.size(), 6u);
  EXPECT_EQ(caller.outcomes.back().status, Status::Ok);
}

TEST(Service, KnobsActLive) {
  Kernel k(1);
  RpcSystem sys(k);
  auto& caller = addNode(sys, "client", std::make_unique<Caller>(sys));
  auto& s = addNode(sys, "S", std::make_unique<ServiceNode>(sys, options(2, 4, ms(5))));
  k.step();
  caller.callNow(1, 0, {}, 1, ms(100));
  k.runUntil(ms(50));
  s.setErrorRate(1.0);
  caller.callNow(1, 0, {}, 2, ms(100));
  k.runUntil(ms(100));
  s.setErrorRate(0.0);
  s.setProcessingTime(ProcessingTime::constant(ms(300)));
  caller.callNow(1, 0, {}, 3, ms(100));
  k.runUntil(ms(1000));
  ASSERT_EQ(caller.outcomes.size(), 3u);
  EXPECT_EQ(caller.outcomes[0].status, Status::Ok);
  EXPECT_EQ(caller.outcomes[1].status, Status::Error);
  EXPECT_EQ(caller.outcomes[2].status, Status::Timeout);
  EXPECT_EQ(caller.lateReplies(), 1u);
}

TEST(Service, ZeroQueueRejectsWhenAllWorkersAreBusy) {
  Kernel k(1);
  RpcSystem sys(k);
  auto& caller = addNode(sys, "client", std::make_unique<Caller>(sys));
  addNode(sys, "S", std::make_unique<ServiceNode>(sys, options(2, 0, ms(10))));
  k.step();
  for (int i = 0; i < 3; ++i) caller.callNow(1, 0, {}, 1, ms(100));
  k.runUntil(ms(100));
  ASSERT_EQ(caller.outcomes.size(), 3u);
  EXPECT_EQ(caller.outcomes[0].status, Status::Rejected);  // the third, answered first
  EXPECT_EQ(caller.outcomes[0].latency, ms(2));
  EXPECT_EQ(caller.outcomes[1].status, Status::Ok);
  EXPECT_EQ(caller.outcomes[2].status, Status::Ok);
}

TEST(ProcessingTime, DrawsStayInRangeAndMixtureMakesATail) {
  Rng rng(42);
  const auto u = ProcessingTime::uniform(ms(5), ms(15));
  const auto m = ProcessingTime::mixture(0.02, ms(5), ms(10), ms(200), ms(400));
  const auto t = ProcessingTime::table({{3, ms(1)}, {1, ms(9)}});
  Histogram hm;
  int slow = 0, nine = 0;
  for (int i = 0; i < 10'000; ++i) {
    const SimDuration a = u.draw(rng);
    EXPECT_TRUE(a >= ms(5) && a <= ms(15));
    const SimDuration b = m.draw(rng);
    EXPECT_TRUE((b >= ms(5) && b <= ms(10)) || (b >= ms(200) && b <= ms(400)));
    slow += b >= ms(200);
    hm.record(b.count());
    const SimDuration c = t.draw(rng);
    EXPECT_TRUE(c == ms(1) || c == ms(9));
    nine += c == ms(9);
  }
  EXPECT_NEAR(slow, 200, 60);
  EXPECT_NEAR(nine, 2500, 200);
  EXPECT_LE(hm.p90(), ms(10).count());
  EXPECT_GE(hm.p99(), ms(200).count());
  EXPECT_EQ(ProcessingTime::constant(ms(7)).draw(rng), ms(7));
  EXPECT_EQ(t.mean(), ms(3));
}

}  // namespace
}  // namespace cs::rpc
