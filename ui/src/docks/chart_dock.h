// The Charts dock: hosts the open pattern's charts (PatternUi::charts in
// pattern_ui.h) over a rolling window of simulated time that scrolls with
// the simulation, and asks them to redraw a few times a second at most.
// Which charts a pattern has is the pattern's part's business; the dock
// names none. UI thread only.
#pragma once

#include <QDockWidget>
#include <QTimer>

class QVBoxLayout;

namespace cs::ui {

class PatternCharts;
struct PatternUi;
class Session;

class ChartDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit ChartDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  void applyTheme();
  // Seconds of simulated time shown.
  static constexpr double kWindow = 20.0;
  // The open pattern's charts; null before a scenario is open.
  PatternCharts* charts() const { return charts_; }

 protected:
  // A chart resized lays its legend out again (fitLegend).
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void scheduleRefresh();
  // Each chart's legend above or beside its plot, as its width allows.
  void fitLegends();
  void refresh();
  // Replaces the charts when the open pattern changes.
  void choosePattern();

  Session* session_ = nullptr;
  QVBoxLayout* layout_;
  const PatternUi* shownFor_ = nullptr;
  PatternCharts* charts_ = nullptr;
  QTimer throttle_;
};

}  // namespace cs::ui
