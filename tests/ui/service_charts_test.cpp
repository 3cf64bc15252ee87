// The services' charts, the breakers' band and the compare view's measures
// of the request/response patterns pick their metrics by description
// (family, subject, measure), never by name, and name a breaker's states
// with its typed State. Offscreen, from a hand-made Mirror.
#include <gtest/gtest.h>

#include <clusterscope/circuit_breaker/breaker_view.h>

#include "../patterns/circuit_breaker/breaker_band.h"
#include "../patterns/rpc/service_charts.h"
#include "mirror.h"

namespace cs::ui {
namespace {

using cs::circuit_breaker::State;

MetricInfo described(std::string name, MetricKind kind, std::string family, std::string subject,
                     std::string measure) {
  MetricInfo m;
  m.name = std::move(name);
  m.kind = kind;
  m.family = std::move(family);
  m.subject = std::move(subject);
  m.measure = std::move(measure);
  return m;
}

// Two services, a call path, a breaker that opens at 1 s, and a metric that
// is named like a service's but describes nothing.
Mirror shopLikeMirror() {
  Mirror m;
  for (const char* svc : {"frontend", "payment"})
    for (const char* measure : {"ok", "error", "rejected", "timeout"})
      m.metrics.push_back(described(std::string("svc.") + svc + "." + measure, MetricKind::Counter,
                                    "service", svc, measure));
  m.metrics.push_back(
      described("svc.payment.p99_us", MetricKind::Gauge, "service", "payment", "p99"));
  m.metrics.push_back(
      described("path.orders->payment.ok", MetricKind::Counter, "path", "orders->payment", "ok"));
  MetricInfo state = described("breaker.orders->payment.state", MetricKind::State, "breaker",
                               "orders->payment", "state");
  state.stateNames = {"CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "DISABLED", "METRICS_ONLY"};
  m.metrics.push_back(state);
  MetricInfo ghost;
  ghost.name = "svc.ghost.ok";
  m.metrics.push_back(ghost);
  const std::size_t stateId = m.metrics.size() - 2;
  for (int i = 0; i <= 30; ++i) {
    MetricSample s;
    s.at = SimDuration{i * 100'000};
    s.values.assign(m.metrics.size(), 0);
    s.values[0] = i * 10;  // frontend ok
    s.values[stateId] = static_cast<std::int64_t>(i < 10 ? State::CLOSED : State::OPEN);
    m.samples.push_back(std::move(s));
  }
  return m;
}

TEST(ServiceCharts, TheCompareMeasuresComeFromTheServiceFamily) {
  const Mirror m = shopLikeMirror();
  const auto v = rpc_look::serviceMeasures(m.metrics);
  ASSERT_EQ(v.size(), 4u) << "two services, two measures each; the ghost is not one";
  EXPECT_EQ(v[0].title, QStringLiteral("frontend: OK /s"));
  EXPECT_EQ(v[0].metrics, std::vector<std::string>{"svc.frontend.ok"});
  EXPECT_EQ(v[1].title, QStringLiteral("payment: OK /s"));
  EXPECT_EQ(v[2].title, QStringLiteral("frontend: failed /s"));
  EXPECT_EQ(v[2].metrics, (std::vector<std::string>{"svc.frontend.error", "svc.frontend.rejected",
                                                    "svc.frontend.timeout"}));
  EXPECT_TRUE(v[0].rate);
}

TEST(ServiceCharts, ChartEveryServiceOfTheFamily) {
  const Mirror m = shopLikeMirror();
  rpc_look::ServiceCharts charts(nullptr);
  charts.refresh(m, 0, 20);
  EXPECT_EQ(charts.services(), (std::vector<std::string>{"frontend", "payment"}));
  auto* band = charts.findChild<BreakerBand*>(QStringLiteral("breakerBand"));
  ASSERT_NE(band, nullptr);
  ASSERT_EQ(band->rows().size(), 1u);
}

TEST(BreakerBand, ReadsTheBreakerFamilysStateGauges) {
  const Mirror m = shopLikeMirror();
  BreakerBand band;
  ASSERT_TRUE(band.show(m, 0, 20));
  ASSERT_EQ(band.rows().size(), 1u);
  const auto& row = band.rows()[0];
  EXPECT_EQ(row.name, QStringLiteral("orders → payment"));
  ASSERT_EQ(row.segments.size(), 2u);
  EXPECT_EQ(row.segments[0].state, State::CLOSED);
  EXPECT_EQ(row.segments[1].state, State::OPEN);
  EXPECT_DOUBLE_EQ(row.segments[1].from, 0.9);
  EXPECT_DOUBLE_EQ(row.segments[1].to, 3.0);
}

}  // namespace
}  // namespace cs::ui
