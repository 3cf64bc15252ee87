// Overload spreading upstream, and the run being a function of its seed.
// load1 -> A -> B (A's "checkout" calls B) and load2 -> A ("ping", answered
// by A alone). When B turns slow, A's workers are held waiting on B, A's
// queue fills, and pings, which never touch B, are rejected or time out too.
#include <gtest/gtest.h>

#include <algorithm>

#include "rpc_cluster.h"

namespace cs::rpc {
namespace {

using testing::addNode;
using testing::metric;
using testing::ms;

constexpr std::int64_t kCheckout = 1;  // A calls B
constexpr std::int64_t kPing = 2;      // A answers alone

struct Cascade {
  explicit Cascade(std::uint64_t seed, ProcessingTime bTime = ProcessingTime::constant(ms(2)))
      : kernel(seed), system(kernel) {
    LoadOptions l1;
    l1.target = 2;
    l1.method = kCheckout;
    l1.rate = 100;
    l1.timeout = ms(300);
    LoadOptions l2 = l1;
    l2.method = kPing;
    load1 = &addNode(system, "load1", std::make_unique<LoadGenerator>(system, l1));
    load2 = &addNode(system, "load2", std::make_unique<LoadGenerator>(system, l2));
    ServiceOptions ao;
    ao.workers = 4;
    ao.queueCapacity = 8;
    ao.processing = ProcessingTime::uniform(ms(1), ms(2));
    a = &addNode(system, "A", std::make_unique<ServiceNode>(system, ao));
    ServiceOptions bo;
    bo.workers = 4;
    bo.queueCapacity = 1000;  // B accepts and sits on the work
    bo.processing = std::move(bTime);
    b = &addNode(system, "B", std::make_unique<ServiceNode>(system, bo));
    a->addDependency({kCheckout, 3, 0, ms(100)});
    kernel.setBeforeSample([this] {
      system.updateGauges();
      maxABusy = std::max(maxABusy, metric(kernel, "svc.A.busy"));
      maxAQueue = std::max(maxAQueue, metric(kernel, "svc.A.queue"));
    });
  }
  // Ping outcomes so far.
  struct Counts {
    std::uint64_t sent, ok, failed;
  };
  Counts pings() const {
    return {load2->sent(), load2->outcomes(Status::Ok),
            load2->outcomes(Status::Rejected) + load2->outcomes(Status::Timeout) +
                load2->outcomes(Status::Error)};
  }

  Kernel kernel;
  RpcSystem system;
  LoadGenerator* load1;
  LoadGenerator* load2;
  ServiceNode* a;
  ServiceNode* b;
  std::int64_t maxABusy = 0, maxAQueue = 0;
};

TEST(Cascade, ASlowDependencyExhaustsTheCallerAndFailsUnrelatedRequests) {
  Cascade c(11);
  // Healthy: both kinds of request succeed.
  c.kernel.runUntil(ms(2000));
  const auto healthy = c.pings();
  EXPECT_GT(healthy.sent, 150u);
  EXPECT_EQ(healthy.failed, 0u);
  EXPECT_EQ(c.load1->outcomes(Status::Ok), c.load1->sent() - c.load1->pendingCalls());
  EXPECT_LT(c.maxAQueue, 8);

  // B becomes slow: 2 s per request, far beyond A's 100 ms timeout for it.
  c.b->setProcessingTime(ProcessingTime::constant(ms(2000)));
  c.kernel.runUntil(ms(2500));  // settle
  const auto before = c.pings();
  c.kernel.runUntil(ms(5500));
  const auto after = c.pings();
  const std::uint64_t sent = after.sent - before.sent;
  const std::uint64_t failed = after.failed - before.failed;
  // Each checkout now holds one of A's 4 workers for ~100 ms, at 100/s: A
  // has room for ~40/s, so its queue fills and turns pings away too.
  EXPECT_EQ(c.maxABusy, 4);
  EXPECT_EQ(c.maxAQueue, 8);
  EXPECT_GT(metric(c.kernel, "svc.A.rejected"), 0);
  EXPECT_GT(metric(c.kernel, "path.A->B.timeout"), 0);
  EXPECT_GT(failed * 10, sent * 3) << failed << " of " << sent << " pings failed";
  EXPECT_GT(c.load2->outcomes(Status::Rejected), 0u);

  // B recovers: so do the pings.
  c.b->setProcessingTime(ProcessingTime::constant(ms(2)));
  c.kernel.runUntil(ms(9000));  // B works off its backlog of abandoned calls
  const auto healed = c.pings();
  c.kernel.runUntil(ms(11000));
  const auto later = c.pings();
  EXPECT_EQ(later.failed, healed.failed);
  EXPECT_GT(later.ok, healed.ok + 150);
}

TEST(Cascade, PingsAloneDoNotOverloadA) {
  // The control: the same ping load, with checkouts switched off, is fine
  // even while B is slow, so the failures above come from the held workers.
  Cascade c(11, ProcessingTime::constant(ms(2000)));
  c.load1->setRate(0);
  c.kernel.runUntil(ms(5000));
  EXPECT_GT(c.pings().sent, 400u);
  EXPECT_EQ(c.pings().failed, 0u);
}

// A loaded run with a tail-heavy dependency, jittered arrivals, a burst and
// lossy links; returns the trace hash.
std::uint64_t loadedRunHash(std::uint64_t seed) {
  Cascade c(seed, ProcessingTime::mixture(0.05, ms(1), ms(4), ms(80), ms(200)));
  c.kernel.network().setDefaultLink(LinkConfig{ms(1), SimDuration{500}, 0.01, 0.01});
  c.kernel.runUntil(ms(500));
  c.load1->burst(3, ms(300));
  c.kernel.runUntil(ms(1500));
  c.a->setErrorRate(0.1);
  c.kernel.runUntil(ms(2000));
  c.kernel.crash(3);
  c.kernel.runUntil(ms(2500));
  c.kernel.restart(3);
  c.kernel.runUntil(ms(3000));
  return c.kernel.trace().hash() ^ c.kernel.metrics().samples().back().values.size();
}

TEST(Determinism, SameSeedSameTraceAnotherSeedAnotherTrace) {
  EXPECT_EQ(loadedRunHash(21), loadedRunHash(21));
  EXPECT_NE(loadedRunHash(21), loadedRunHash(22));
}

TEST(Metrics, P99IsChartedPerIntervalAndFollowsTheSlowdown) {
  Cascade c(4);
  c.load2->setRate(0);
  c.kernel.runUntil(ms(1000));
  c.b->setProcessingTime(ProcessingTime::constant(ms(50)));
  c.kernel.runUntil(ms(2000));
  const MetricId p99 = *c.kernel.metrics().find("path.A->B.p99_us");
  const MetricId p50 = *c.kernel.metrics().find("svc.B.p50_us");
  const MetricId ok = *c.kernel.metrics().find("path.load1->A.ok");
  std::int64_t fastMax = 0, slowMin = 1 << 30;
  std::int64_t lastOk = -1;
  for (const MetricSample& s : c.kernel.metrics().samples()) {
    if (s.values.size() <= p99) continue;  // before the path was first used
    if (s.at > ms(150) && s.at <= ms(1000)) fastMax = std::max(fastMax, s.values[p99]);
    if (s.at > ms(1200)) {
      slowMin = std::min(slowMin, s.values[p99]);
      EXPECT_GE(s.values[p50], ms(50).count());
    }
    EXPECT_GE(s.values[ok], lastOk);  // a counter never goes down
    lastOk = s.values[ok];
  }
  // 1 ms + 2 ms + 1 ms before; 1 ms + 50 ms (+ queueing) + 1 ms after.
  EXPECT_LE(fastMax, ms(5).count());
  EXPECT_GE(slowMin, ms(52).count());
}

}  // namespace
}  // namespace cs::rpc
