// Raft's charts: messages per second on the network, and the highest term
// with the node that leads (steps, since both change at an instant), over
// the Charts dock's rolling window. UI thread only.
#pragma once

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;
class QValueAxis;

namespace cs::ui::leader_election {

class RaftCharts : public PatternCharts {
 public:
  explicit RaftCharts(QWidget* parent);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;

 private:
  QChartView* ratesView_;
  QChartView* termView_;
  QLineSeries* rate_;
  QLineSeries* term_;
  QLineSeries* leader_;
  QValueAxis* leaderY_;
};

}  // namespace cs::ui::leader_election
