// The Charts dock's shared pieces. See chart_util.h.
#include "chart_util.h"

#include <QChart>
#include <QChartView>
#include <QValueAxis>
#include <algorithm>
#include <iterator>

#include "../theme.h"

namespace cs::ui {

QChart* makeTimeChart() {
  auto* c = new QChart;
  auto* x = new QValueAxis;
  auto* y = new QValueAxis;
  x->setTickCount(5);
  x->setLabelFormat(QStringLiteral("%.0f s"));
  y->setLabelFormat(QStringLiteral("%d"));
  y->setTickCount(4);
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  return c;
}

QValueAxis* axis(QChartView* v, Qt::Orientation o) {
  return qobject_cast<QValueAxis*>(v->chart()->axes(o).value(0));
}

void setTimeRange(QChartView* v, double tStart, double tEnd) {
  QValueAxis* x = axis(v, Qt::Horizontal);
  const double span = tEnd - tStart;
  x->setTickCount(5);
  x->setLabelFormat(span < 2.5 ? QStringLiteral("%.2f s")
                    : span < 8 ? QStringLiteral("%.1f s")
                               : QStringLiteral("%.0f s"));
  x->setRange(tStart, tEnd);
}

QChartView* makeView(QChart* chart, QWidget* parent) {
  chart->legend()->setAlignment(Qt::AlignTop);
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->setBackgroundRoundness(0);
  auto* v = new QChartView(chart, parent);
  v->setRenderHint(QPainter::Antialiasing);
  v->setMinimumHeight(150);
  return v;
}

void applyChartTheme(QChartView* v) {
  const Theme& t = currentTheme();
  QChart* c = v->chart();
  c->setTitleBrush(t.text);
  QFont tf = c->titleFont();
  tf.setPointSizeF(t.fontPointSize * 0.85);
  c->setTitleFont(tf);
  c->setTheme(t.darkBase ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  c->setBackgroundBrush(t.surface);
  c->legend()->setLabelColor(t.text);
  QFont f = c->legend()->font();
  f.setPointSizeF(t.fontPointSize * 0.9);
  c->legend()->setFont(f);
  for (QAbstractAxis* a : c->axes()) {
    a->setLabelsColor(t.text);
    a->setTitleBrush(t.mutedText);
    QFont af = a->labelsFont();
    af.setPointSizeF(std::max(8.0, t.fontPointSize * 0.75));
    a->setLabelsFont(af);
    a->setTitleFont(af);
    a->setGridLineColor(t.link);
  }
}

QColor seriesColor(std::size_t i) {
  static const QColor kColors[] = {QColor("#1f6fb2"), QColor("#e65100"), QColor("#2e7d32"),
                                   QColor("#c62828"), QColor("#6a1b9a"), QColor("#00838f")};
  return kColors[i % std::size(kColors)];
}

}  // namespace cs::ui
