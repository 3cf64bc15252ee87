// The compare view's charts: each measure of the run drawn for both runs in
// one chart, run A solid and run B dashed in another colour, over the same
// rolling window of simulated time, with one legend naming the variants.
// The measures are the pattern's (PatternUi::measures): per service, calls
// answered OK and failed per second; for Raft, messages per second, term and
// leader. Series are replaced in batches, a few times a second at most; no
// OpenGL. UI thread only.
#pragma once

#include <QTimer>
#include <QWidget>

#include "../pattern_ui.h"

#include <string>
#include <vector>

class QChartView;
class QGridLayout;
class QLineSeries;

namespace cs::ui {

class Session;

class CompareCharts : public QWidget {
  Q_OBJECT

 public:
  CompareCharts(Session* a, Session* b, const QString& captionA, const QString& captionB,
                QWidget* parent = nullptr);

  static constexpr double kWindow = 20.0;   // seconds of simulated time shown
  static constexpr double kInterval = 0.5;  // seconds over which rates are taken
  static QColor colorA();
  static QColor colorB();

  // For tests and the legend: the charts, in order, and their measures.
  const std::vector<QChartView*>& views() const { return views_; }
  const std::vector<CompareMeasure>& measures() const { return measures_; }
  // The series of chart i: [0] run A, [1] run B.
  QLineSeries* series(std::size_t chart, int run) const;
  void applyTheme();

 private:
  void scheduleRefresh();
  void refresh();
  void rebuild(const std::vector<CompareMeasure>& measures);

  Session* a_;
  Session* b_;
  QString captionA_, captionB_;
  QGridLayout* grid_;
  std::vector<CompareMeasure> measures_;
  std::vector<QChartView*> views_;
  std::vector<QLineSeries*> seriesA_, seriesB_;
  QTimer throttle_;
};

}  // namespace cs::ui
