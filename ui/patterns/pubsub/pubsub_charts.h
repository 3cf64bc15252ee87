// The Charts dock's view of a Pub/Sub run (metrics "pubsub.*"): publishes,
// deliveries and redeliveries per second; each subscription's backlog; and
// each subscription's end-to-end p99 latency (publish to ack). Series are
// replaced in batches over the dock's rolling window. UI thread only.
#pragma once

#include <QWidget>
#include <string>
#include <vector>

class QChartView;
class QLineSeries;

namespace cs::ui {

struct Mirror;

class PubSubCharts : public QWidget {
  Q_OBJECT

 public:
  explicit PubSubCharts(QWidget* parent = nullptr);
  // Draws the run between tStart and tEnd (seconds); returns whether it is a
  // Pub/Sub run at all.
  bool show(const Mirror& mirror, double tStart, double tEnd);
  void applyTheme();
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

}  // namespace cs::ui
