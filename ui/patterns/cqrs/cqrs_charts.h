// The CQRS pattern's charts: order (command) p99 and query p99 side by
// side, the projection lag in events (the read model furthest behind, and
// each projector's, dashed) and in milliseconds, and each
// replica's load (busy workers plus queued queries). Metrics are chosen by
// their descriptions (family, subject, measure), never by their names. UI
// thread only.
#pragma once

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui::cqrs {

class CqrsCharts : public PatternCharts {
 public:
  explicit CqrsCharts(QWidget* parent = nullptr);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;

 private:
  QChartView* latency_;
  QChartView* lag_;
  QChartView* load_;
  QLineSeries* orderP99_;
  QLineSeries* queryP99_;
  QLineSeries* lagEvents_;
  QLineSeries* lagMs_;
  std::vector<QLineSeries*> replicaLoad_;
  std::vector<QLineSeries*> projectorLag_;  // by projector, dashed
};

}  // namespace cs::ui::cqrs
