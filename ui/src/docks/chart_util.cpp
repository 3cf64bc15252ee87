// The Charts dock's shared pieces. See chart_util.h.
#include "chart_util.h"

#include <QChart>
#include <QChartView>
#include <QFontMetrics>
#include <QLegendMarker>
#include <QValueAxis>
#include <algorithm>
#include <iterator>

#include "../theme.h"

namespace cs::ui {

namespace {

// Labels as precise as the span needs, so that no two ticks read the same
// ("0.25 s" on a one-second run, "40 s" on a long one).
QString timeLabelFormat(double span) {
  return span < 2.5 ? QStringLiteral("%.2f s")
         : span < 8 ? QStringLiteral("%.1f s")
                    : QStringLiteral("%.0f s");
}

}  // namespace

QChart* makeTimeChart() {
  auto* c = new QChart;
  auto* x = new QValueAxis;
  auto* y = new QValueAxis;
  x->setTickCount(5);
  x->setLabelFormat(timeLabelFormat(20));
  // Whoever sets the range (setTimeRange, or a chart's own refresh), the
  // labels follow it.
  QObject::connect(x, &QValueAxis::rangeChanged, x,
                   [x](qreal min, qreal max) { x->setLabelFormat(timeLabelFormat(max - min)); });
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
  x->setTickCount(5);
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

void fitLegend(QChartView* v) {
  QLegend* legend = v->chart()->legend();
  if (!legend->isVisible()) return;
  // Each entry: its marker (a square as high as the text), the label, and
  // the gaps QtCharts leaves around them.
  const QFontMetrics fm(legend->font());
  int row = 0;
  for (const QLegendMarker* m : legend->markers())
    if (m->isVisible()) row += fm.height() + fm.horizontalAdvance(m->label()) + 3 * fm.height() / 2;
  const QMargins margins = v->chart()->margins();
  const int room = v->width() - margins.left() - margins.right() - 2 * fm.height();
  const Qt::Alignment want = row <= room ? Qt::AlignTop : Qt::AlignRight;
  if (legend->alignment() != want) legend->setAlignment(want);
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
