// The driver hands the window each metric's description, not only its name:
// a chart picks a breaker's state by family and measure and names its values
// from the batch alone. No Qt.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "clusterscope/driver.h"

namespace cs {
namespace {

constexpr auto kSafety = std::chrono::milliseconds(20'000);

Scenario shopScenario() {
  return parseScenario(
      R"({"title": "Shop", "description": "The shop runs.", "pattern": "circuit-breaker",
          "seed": 1, "steps": [{"title": "Run", "narration": "Watch.", "until": {"after": 1}}]})",
      "test:shop");
}

// The descriptions of the latest batch that carried any, once one names `name`.
std::vector<MetricInfo> metricsWith(Driver& d, const std::string& name) {
  const auto giveUp = std::chrono::steady_clock::now() + kSafety;
  while (std::chrono::steady_clock::now() < giveUp) {
    DriverBatch b = d.waitAndTake(std::chrono::milliseconds(200));
    for (const MetricInfo& m : b.metrics)
      if (m.name == name) return std::move(b.metrics);
    d.stepEvent();  // a node defines some metrics when it starts
  }
  return {};
}

TEST(DriverMetrics, BatchCarriesEachMetricsDescription) {
  Driver::Options o;
  o.playing = false;
  Driver d(shopScenario(), std::nullopt, o);
  d.start();
  const std::vector<MetricInfo> metrics = metricsWith(d, "breaker.orders->payment.state");
  ASSERT_FALSE(metrics.empty());

  const MetricInfo* state = nullptr;
  const MetricInfo* p99 = nullptr;
  for (const MetricInfo& m : metrics) {
    if (m.family == "breaker" && m.subject == "orders->payment" && m.measure == "state") state = &m;
    if (m.family == "service" && m.subject == "payment" && m.measure == "p99") p99 = &m;
  }
  ASSERT_TRUE(state);
  EXPECT_EQ(state->name, "breaker.orders->payment.state");
  EXPECT_EQ(state->kind, MetricKind::State);
  ASSERT_GE(state->stateNames.size(), 3u);
  EXPECT_EQ(state->stateNames[0], "CLOSED");
  EXPECT_EQ(state->stateNames[2], "HALF_OPEN");
  ASSERT_TRUE(p99);
  EXPECT_EQ(p99->name, "svc.payment.p99_us");
  EXPECT_EQ(p99->kind, MetricKind::Gauge);
  EXPECT_EQ(p99->unit, MetricUnit::Microseconds);
}

}  // namespace
}  // namespace cs
