// Every bundled pattern's metrics describe themselves: charts, reports and
// the compare view pick them by family, subject and measure, so those words
// are a contract as fixed as the names (which CSV headers and tests use).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clusterscope/simulation.h"

namespace cs {
namespace {

struct Described {
  const char* pattern;
  const char* name;
  const char* family;
  const char* subject;
  const char* measure;
  MetricKind kind;
  MetricUnit unit;
};

constexpr MetricKind kCounter = MetricKind::Counter;
constexpr MetricKind kGauge = MetricKind::Gauge;
constexpr MetricKind kState = MetricKind::State;
constexpr MetricUnit kCount = MetricUnit::Count;
constexpr MetricUnit kUs = MetricUnit::Microseconds;

const Described kTable[] = {
    {"leader-election", "raft.term", "raft", "", "term", kGauge, kCount},
    {"leader-election", "raft.leader", "raft", "", "leader", kGauge, MetricUnit::Node},
    {"leader-election", "messages.sent", "network", "", "sent", kCounter, kCount},
    {"leader-election", "sent.RequestVote", "network", "RequestVote", "sent", kCounter, kCount},
    {"leader-election", "timers.fired", "timers", "", "fired", kCounter, kCount},

    {"circuit-breaker", "svc.payment.ok", "service", "payment", "ok", kCounter, kCount},
    {"circuit-breaker", "svc.payment.error", "service", "payment", "error", kCounter, kCount},
    {"circuit-breaker", "svc.payment.rejected", "service", "payment", "rejected", kCounter, kCount},
    {"circuit-breaker", "svc.payment.timeout", "service", "payment", "timeout", kCounter, kCount},
    {"circuit-breaker", "svc.payment.p50_us", "service", "payment", "p50", kGauge, kUs},
    {"circuit-breaker", "svc.payment.p99_us", "service", "payment", "p99", kGauge, kUs},
    {"circuit-breaker", "svc.payment.queue", "service", "payment", "queue", kGauge, kCount},
    {"circuit-breaker", "svc.orders.retries", "service", "orders", "retries", kCounter, kCount},
    {"circuit-breaker", "path.orders->payment.timeout", "path", "orders->payment", "timeout",
     kCounter, kCount},
    {"circuit-breaker", "path.orders->payment.p99_us", "path", "orders->payment", "p99", kGauge,
     kUs},
    {"circuit-breaker", "path.orders->payment.short_circuited", "path", "orders->payment",
     "short_circuited", kCounter, kCount},
    {"circuit-breaker", "breaker.orders->payment.state", "breaker", "orders->payment", "state",
     kState, kCount},
    {"circuit-breaker", "breaker.orders->payment.failure_rate_x100", "breaker", "orders->payment",
     "failure_rate", kGauge, MetricUnit::Percent},

    {"ambassador", "svc.b1.ok", "service", "b1", "ok", kCounter, kCount},
    {"ambassador", "amb.app->b.requests", "route", "app->b", "requests", kCounter, kCount},
    {"ambassador", "amb.app->b.hedge_wins", "route", "app->b", "hedge_wins", kCounter, kCount},
    {"ambassador", "amb.app->b.p99_us", "route", "app->b", "p99", kGauge, kUs},
    {"ambassador", "amb.b1-ambassador.identity_rejected", "ambassador", "b1-ambassador",
     "identity_rejected", kCounter, kCount},
    {"ambassador", "breaker.ambassador->b1-ambassador.state", "breaker",
     "ambassador->b1-ambassador", "state", kState, kCount},

    {"pubsub", "pubsub.email-sub.delivered", "subscription", "email-sub", "delivered", kCounter,
     kCount},
    {"pubsub", "pubsub.email-sub.dead_lettered", "subscription", "email-sub", "dead_lettered",
     kCounter, kCount},
    {"pubsub", "pubsub.email-sub.backlog", "subscription", "email-sub", "backlog", kGauge, kCount},
    {"pubsub", "pubsub.email-sub.outstanding", "subscription", "email-sub", "outstanding", kGauge,
     kCount},
    {"pubsub", "pubsub.email-sub.p99_us", "subscription", "email-sub", "p99", kGauge, kUs},
    {"pubsub", "pubsub.published", "pubsub", "", "published", kCounter, kCount},
    {"pubsub", "pubsub.stored", "pubsub", "", "stored", kCounter, kCount},
    {"pubsub", "pubsub.retained", "pubsub", "", "retained", kGauge, kCount},
    {"pubsub", "pubsub.delivery_rate", "pubsub", "", "delivery_rate", kGauge, kCount},
};

// A run of `pattern` long enough for every metric to be defined (some are
// defined on a node's first call).
std::unique_ptr<Simulation> ran(const std::string& pattern) {
  SimulationConfig config;
  config.pattern = pattern;
  auto sim = std::make_unique<Simulation>(std::move(config));
  sim->runUntil(SimTime{2'000'000});
  return sim;
}

TEST(MetricInfo, BundledPatternsDescribeTheirMetrics) {
  std::string last;
  std::unique_ptr<Simulation> sim;
  for (const Described& d : kTable) {
    if (d.pattern != last) sim = ran(last = d.pattern);
    const Metrics& m = sim->kernel().metrics();
    const auto id = m.find(d.name);
    ASSERT_TRUE(id) << d.pattern << ": " << d.name;
    const MetricInfo& info = m.info(*id);
    EXPECT_EQ(info.family, d.family) << d.name;
    EXPECT_EQ(info.subject, d.subject) << d.name;
    EXPECT_EQ(info.measure, d.measure) << d.name;
    EXPECT_EQ(info.kind, d.kind) << d.name;
    EXPECT_EQ(info.unit, d.unit) << d.name;
  }
}

TEST(MetricInfo, EveryMetricHasAFamilyAndAMeasure) {
  for (const char* pattern : {"leader-election", "circuit-breaker", "ambassador", "pubsub"}) {
    const auto sim = ran(pattern);
    const Metrics& m = sim->kernel().metrics();
    for (MetricId id = 0; id < m.size(); ++id) {
      const MetricInfo& info = m.info(id);
      EXPECT_FALSE(info.family.empty()) << pattern << ": " << info.name;
      EXPECT_FALSE(info.measure.empty()) << pattern << ": " << info.name;
      EXPECT_EQ(info.kind == MetricKind::State, !info.stateNames.empty())
          << pattern << ": " << info.name;
    }
  }
}

// A breaker's state metric names its values as the breaker does, in value
// order, so a chart can say "HALF_OPEN" without knowing the breaker.
TEST(MetricInfo, BreakerStateNamesItsValues) {
  const std::vector<std::string> names{"CLOSED",      "OPEN",     "HALF_OPEN",
                                       "FORCED_OPEN", "DISABLED", "METRICS_ONLY"};
  for (const auto& [pattern, metric] :
       {std::pair{"circuit-breaker", "breaker.orders->payment.state"},
        std::pair{"ambassador", "breaker.ambassador->b2-ambassador.state"}}) {
    const auto sim = ran(pattern);
    const Metrics& m = sim->kernel().metrics();
    const auto id = m.find(metric);
    ASSERT_TRUE(id) << metric;
    EXPECT_EQ(m.info(*id).stateNames, names) << metric;
  }
}

}  // namespace
}  // namespace cs
