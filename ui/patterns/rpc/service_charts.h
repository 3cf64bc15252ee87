// The Charts dock's panel for a pattern of services (the shop, the
// ambassador's world): the breakers' band on top, then three small charts —
// requests per second, the share that failed (error, rejected, timeout) and
// the p99 latency — with each service in one colour in all three. The
// services are the subjects of the metrics of family "service" that measure
// "ok", in the order they were defined. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui {

class BreakerBand;

namespace rpc_look {

class ServiceCharts : public PatternCharts {
 public:
  explicit ServiceCharts(QWidget* parent);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;

  // The services charted, in order ("frontend", ...).
  const std::vector<std::string>& services() const { return services_; }

  // Seconds over which rates and failure percentages are taken: per-sample
  // deltas of a few calls would make the percentage jump between 0 and 100.
  static constexpr double kInterval = 0.5;

 private:
  // Rebuilds the per-service series when the set of services changes.
  void syncServices(const std::vector<std::string>& services);

  BreakerBand* band_;
  QChartView* rateView_;
  QChartView* failView_;
  QChartView* p99View_;
  std::vector<std::string> services_;
  std::vector<QLineSeries*> rate_, fail_, p99_;
};

// The compare view's measures for a pattern of services: each service's OK
// calls per second, then each service's failed calls per second.
std::vector<CompareMeasure> serviceMeasures(const std::vector<MetricInfo>& metrics);

}  // namespace rpc_look
}  // namespace cs::ui
