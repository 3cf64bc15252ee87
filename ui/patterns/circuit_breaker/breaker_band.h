// The charts' breaker-state band: one row per circuit breaker (every metric
// of family "breaker" that measures "state"; its subject names the caller
// and the callee, its values are cs::circuit_breaker::State), coloured over
// simulated time by the state it was in — green CLOSED, red OPEN, amber
// HALF_OPEN, dark red FORCED_OPEN, grey DISABLED — on the same rolling time
// window as the charts under it, so a trip lines up with the latency spike
// that caused it. Painted directly (no QtCharts series per state). UI thread
// only.
#pragma once

#include <clusterscope/circuit_breaker/breaker_view.h>
#include <QWidget>
#include <string>
#include <vector>

namespace cs::ui {

struct Mirror;

class BreakerBand : public QWidget {
  Q_OBJECT

 public:
  explicit BreakerBand(QWidget* parent = nullptr);

  // One stretch of time in one state.
  struct Segment {
    double from = 0, to = 0;  // seconds
    cs::circuit_breaker::State state = cs::circuit_breaker::State::CLOSED;
  };
  struct Row {
    QString name;  // "orders → payment"
    std::vector<Segment> segments;
  };

  // Reads the breakers' state gauges from the mirror's samples between
  // tStart and tEnd (seconds). Returns whether the run has any breaker.
  bool show(const Mirror& mirror, double tStart, double tEnd);
  const std::vector<Row>& rows() const { return rows_; }

  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<Row> rows_;
  double tStart_ = 0, tEnd_ = 1;
};

}  // namespace cs::ui
