// The Strangler Fig pattern's charts: real traffic answered per second by
// legacy and by the new services, and how much of it failed; the shadow
// ledger's outcomes per second; p99 of the legacy monolith against the
// slowest new service; and each new store's change-data-capture lag.
// Metrics are chosen by their descriptions (families "route", "service",
// "cdc"), never by their names. Series are replaced in batches over the
// Charts dock's rolling window. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui::strangler_fig {

class FigCharts : public PatternCharts {
 public:
  explicit FigCharts(QWidget* parent = nullptr);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;

 private:
  QChartView* traffic_;
  QChartView* shadow_;
  QChartView* latency_;
  QChartView* lag_;
  QLineSeries *legacyOk_, *newOk_, *legacyFailed_, *newFailed_;
  QLineSeries *match_, *mismatch_, *candidateError_;
  QLineSeries *legacyP99_, *newP99_;
  std::vector<std::string> lagSubjects_;
  std::vector<QLineSeries*> lagSeries_;
};

}  // namespace cs::ui::strangler_fig
