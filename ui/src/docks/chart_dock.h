// Charts of the run over simulated time: messages per second (from the
// "messages.sent" counter's deltas) and the term and leader (the "raft.term"
// and "raft.leader" gauges). A rolling window that scrolls with the
// simulation; series are replaced in batches, a few times a second at most.
// No OpenGL (it crashes offscreen). UI thread only.
#pragma once

#include <QDockWidget>
#include <QTimer>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace cs::ui {

class Session;

class ChartDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit ChartDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  void applyTheme();
  // Seconds of simulated time shown.
  static constexpr double kWindow = 20.0;

 private:
  void scheduleRefresh();
  void refresh();

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
  QTimer throttle_;
};

}  // namespace cs::ui
