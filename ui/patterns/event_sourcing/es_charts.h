// The Event Sourcing pattern's charts: appends, conflicts (wrong expected
// version) and retries per second; the load cost (events folded per load,
// which snapshots cut); and the analytics subscription's lag behind the
// store's head. Beside them, time travel in the log (es_time_travel.h).
// Metrics are chosen by their descriptions (family, subject, measure),
// never by their names. UI thread only.
#pragma once

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui::event_sourcing {

class TimeTravel;

class EsCharts : public PatternCharts {
 public:
  explicit EsCharts(QWidget* parent = nullptr);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;
  TimeTravel* timeTravel() const { return timeTravel_; }

 private:
  QChartView* rates_;
  QChartView* cost_;
  QChartView* lag_;
  QLineSeries* appends_;
  QLineSeries* conflicts_;
  QLineSeries* retries_;
  QLineSeries* loadCost_;
  QLineSeries* lagSeries_;
  TimeTravel* timeTravel_;
};

}  // namespace cs::ui::event_sourcing
