// A push endpoint slower than the publish rate, over a long run in simulated
// time: its own queue stays bounded although the broker's leases end (by
// retention or by ack deadline) while their copies still wait there. The
// endpoint answers what it cannot hold with a nack, the broker backs off,
// and nothing is lost from the backlog. Test thread only.
#include <gtest/gtest.h>

#include "pubsub_test_support.h"

namespace cs::pubsub {
namespace {

using namespace testing;

struct Peak {
  std::size_t queued = 0;
  int outstanding = 0;
};

// Runs `sim` to `end` a second at a time and returns the largest queue the
// email endpoint held and the most leases its subscription had at once.
Peak runWatchingEmail(Simulation& sim, SimDuration end) {
  Peak p;
  for (SimDuration t = ms(1000); t <= end; t += ms(1000)) {
    sim.runUntil(t);
    p.queued = std::max(p.queued, subscriber(sim, kEmail).queued());
    p.outstanding = std::max(p.outstanding, subscriptionOf(sim, kEmail).outstanding());
  }
  return p;
}

// 500 updates a second against an email endpoint that handles 100: the
// backlog reaches retention, and each expiring leased message frees room the
// broker used to fill with another push the endpoint could only queue.
TEST(PushEndpoint, RetentionExpiringLeasesDoesNotGrowTheEndpointsQueue) {
  auto sim = world({{"publishRate", 500}, {"retention", 2000}});
  const Peak peak = runWatchingEmail(*sim, ms(60'000));
  const Subscriber& email = subscriber(*sim, kEmail);
  EXPECT_LE(peak.queued, email.options().pushQueueLimit);
  EXPECT_LE(peak.outstanding, 10);
  EXPECT_GT(email.refused(), 0u);  // the overload reached the endpoint
  EXPECT_GT(subscriptionOf(*sim, kEmail).counters().expired, 10'000u);
  // Still working at its own pace: about 100 a second.
  EXPECT_GT(email.processed(), 4'000u);
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
}

// An endpoint slowed until its leases pass their ack deadline while queued:
// each redelivery is another copy, and the queue used to grow with them.
TEST(PushEndpoint, AckDeadlinesPassingWhileQueuedDoNotGrowTheEndpointsQueue) {
  auto sim = world({{"publishRate", 20},
                    {"emailTime", 2000},
                    {"ackDeadline", 1000},
                    {"maxDeliveryAttempts", 100}});
  const Peak peak = runWatchingEmail(*sim, ms(120'000));
  const Subscriber& email = subscriber(*sim, kEmail);
  EXPECT_LE(peak.queued, email.options().pushQueueLimit);
  EXPECT_GT(email.refused(), 0u);
  EXPECT_GT(email.processed(), 20u);  // 2 s each: at most 60 in two minutes
  // What the endpoint refused is still in the backlog: nothing dead-lettered.
  EXPECT_EQ(subscriptionOf(*sim, kEmail).counters().deadLettered, 0u);
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
}

}  // namespace
}  // namespace cs::pubsub
