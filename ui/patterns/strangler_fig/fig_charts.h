// The Strangler Fig pattern's charts: real traffic answered per second by
// legacy and by the new services, and how much of it failed; the shadow
// ledger's outcomes per second; p99 of the legacy monolith against the
// slowest new service; for the routes in flight (in shadow or canary, at
// most three) each one's error rate and mean latency on legacy and on its
// new service; each new store's change-data-capture lag; and the entities
// whose stores diverged, with the orders charged twice.
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
  QChartView* routeErrors_;
  QChartView* routeLatency_;
  QChartView* data_;
  QLineSeries *diverged_, *doubleCharges_;
  // The routes in flight the two route charts draw, and their series: by
  // route, legacy's then the new service's.
  std::vector<std::string> flying_;
  std::vector<QLineSeries*> errorSeries_, latencySeries_;
  void chooseRoutes(const std::vector<std::string>& routes);
  void refreshRoutes(const Mirror& mirror, double tStart);
  QLineSeries *legacyOk_, *newOk_, *legacyFailed_, *newFailed_;
  QLineSeries *match_, *mismatch_, *candidateError_;
  QLineSeries *legacyP99_, *newP99_;
  std::vector<std::string> lagSubjects_;
  std::vector<QLineSeries*> lagSeries_;
};

}  // namespace cs::ui::strangler_fig
