// The Pub/Sub pattern's charts: publishes, deliveries and redeliveries per
// second; each subscription's backlog; and each subscription's end-to-end
// p99 latency (publish to ack). Metrics are chosen by their descriptions —
// family "pubsub" for the run, family "subscription" for each subscription —
// never by their names. Series are replaced in batches over the Charts
// dock's rolling window. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui::pubsub {

class PubSubCharts : public PatternCharts {
 public:
  explicit PubSubCharts(QWidget* parent = nullptr);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;
  // The subscriptions charted, in order ("email-sub", ...).
  const std::vector<std::string>& subscriptions() const { return subs_; }

 private:
  void syncSubscriptions(const std::vector<std::string>& subs);

  QChartView* rates_;
  QChartView* backlog_;
  QChartView* latency_;
  QLineSeries* published_;
  QLineSeries* delivered_;
  QLineSeries* redelivered_;
  std::vector<std::string> subs_;
  std::vector<QLineSeries*> backlogSeries_, latencySeries_;
};

}  // namespace cs::ui::pubsub
