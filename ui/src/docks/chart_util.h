// What every chart of the Charts dock shares: a chart with a time axis, its
// view (no OpenGL: it crashes offscreen), the theme's colours and fonts, and the
// series colours. UI thread only.
#pragma once

#include <QColor>
#include <QtGlobal>

class QChart;
class QChartView;
class QValueAxis;
class QWidget;

namespace cs::ui {

// A chart with a time axis (bottom) and a value axis (left), for series
// added later. The time labels are as precise as the axis's range needs,
// whoever sets it.
QChart* makeTimeChart();
QChartView* makeView(QChart* chart, QWidget* parent);
QValueAxis* axis(QChartView* v, Qt::Orientation o);
// Shows tStart .. tEnd seconds on the time axis.
void setTimeRange(QChartView* v, double tStart, double tEnd);
// The legend above the plot where its entries fit one row whole, else in a
// column at the plot's right: QtCharts cuts a row's labels to "b1-amba…"
// rather than wrapping them.
void fitLegend(QChartView* v);
// Fonts and colours of the current theme.
void applyChartTheme(QChartView* v);
// The i-th series colour: the same series has the same colour in every chart.
QColor seriesColor(std::size_t i);

}  // namespace cs::ui
