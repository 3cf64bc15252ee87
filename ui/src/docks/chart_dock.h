// Charts of the run over simulated time: messages per second (from the
// "messages.sent" counter's deltas) and the term and leader (the "raft.term"
// and "raft.leader" gauges); or, for a pattern of services (metrics
// "svc.<name>.{ok,error,rejected,timeout,p99_us}"), each service's requests
// per second, the percentage of them that failed, and its p99, with each
// circuit breaker's state as a band under them. A rolling window that scrolls with
// the simulation; series are replaced in batches, a few times a second at most. No OpenGL (it
// crashes offscreen). UI thread only.
#pragma once

#include <QDockWidget>
#include <QTimer>

#include <string>
#include <vector>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace cs::ui {

class BreakerBand;
class PubSubCharts;
class Session;

class ChartDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit ChartDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  void applyTheme();
  // Seconds of simulated time shown.
  static constexpr double kWindow = 20.0;
  // Seconds over which the services' rates and failure percentages are taken.
  static constexpr double kServiceInterval = 0.5;

 private:
  void scheduleRefresh();
  void refresh();
  void refreshServices();
  // Rebuilds the per-service series when the set of services changes.
  void syncServices(const std::vector<std::string>& services);

  Session* session_ = nullptr;
  QChartView* ratesView_;
  QChartView* termView_;
  QLineSeries* rate_;
  QLineSeries* term_;
  QLineSeries* leader_;
  QValueAxis* rateX_;
  QValueAxis* rateY_;
  QValueAxis* termX_;
  QValueAxis* termY_;
  QValueAxis* leaderY_;
  QChartView* svcRateView_;
  QChartView* svcFailView_;
  QChartView* svcP99View_;
  BreakerBand* band_;
  PubSubCharts* pubsub_;
  std::vector<std::string> services_;
  std::vector<QLineSeries*> svcRate_, svcFail_, svcP99_;
  QTimer throttle_;
};

}  // namespace cs::ui
