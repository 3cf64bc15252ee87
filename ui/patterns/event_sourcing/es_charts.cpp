// Building the Event Sourcing charts from the mirror's samples. See es_charts.h.
#include "es_charts.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../../src/docks/chart_util.h"
#include "../../src/mirror.h"
#include "../../src/theme.h"
#include "es_time_travel.h"

namespace cs::ui::event_sourcing {
namespace {

QLineSeries* addSeries(QChartView* view, const QString& name, const QColor& color) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(QPen(color, currentTheme().lineWidth));
  view->chart()->addSeries(s);
  s->attachAxis(axis(view, Qt::Horizontal));
  s->attachAxis(axis(view, Qt::Vertical));
  return s;
}

double value(const MetricSample& s, std::optional<std::size_t> id) {
  return id && *id < s.values.size() ? static_cast<double>(s.values[*id]) : 0.0;
}

}  // namespace

EsCharts::EsCharts(QWidget* parent) : PatternCharts(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* tabs = new QTabWidget(this);
  outer->addWidget(tabs);
  auto* charts = new QWidget(tabs);
  auto* layout = new QVBoxLayout(charts);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  rates_ = makeView(makeTimeChart(), charts);
  cost_ = makeView(makeTimeChart(), charts);
  lag_ = makeView(makeTimeChart(), charts);
  axis(rates_, Qt::Vertical)->setTitleText(tr("per second"));
  cost_->chart()->setTitle(tr("load cost: events folded per load"));
  lag_->chart()->setTitle(tr("analytics subscription lag (events)"));
  cost_->chart()->legend()->hide();
  lag_->chart()->legend()->hide();
  for (QChartView* v : {rates_, cost_, lag_}) {
    axis(v, Qt::Vertical)->setTickCount(3);
    v->setMinimumHeight(v == rates_ ? 130 : 100);
    layout->addWidget(v);
  }
  appends_ = addSeries(rates_, tr("appends"), QColor("#26a69a"));
  conflicts_ = addSeries(rates_, tr("wrong expected version"), QColor("#d32f2f"));
  retries_ = addSeries(rates_, tr("retries"), QColor("#ef6c00"));
  loadCost_ = addSeries(cost_, tr("events folded per load"), QColor("#1f6fb2"));
  lagSeries_ = addSeries(lag_, tr("lag"), QColor("#00796b"));
  tabs->addTab(charts, tr("Charts"));
  timeTravel_ = new TimeTravel(tabs);
  tabs->addTab(timeTravel_, tr("Time travel"));
  applyTheme();
}

void EsCharts::applyTheme() {
  for (QChartView* v : {rates_, cost_, lag_}) applyChartTheme(v);
}

void EsCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  if (m.view)
    if (auto es = std::dynamic_pointer_cast<const cs::event_sourcing::EsView>(m.view))
      timeTravel_->setView(es);
  const auto appendRate = m.metricIndex("store", "store", "append_rate");
  const auto conflictRate = m.metricIndex("store", "store", "conflict_rate");
  const auto retryRate = m.metricIndex("handlers", "", "retry_rate");
  const auto loadCost = m.metricIndex("handlers", "", "load_cost");
  const auto lag = m.metricIndex("analytics", "analytics", "lag");
  QList<QPointF> app, con, ret, cost, lagPoints;
  double maxRate = 5, maxCost = 5, maxLag = 5;
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (x < tStart - 1) continue;
    app.append({x, value(s, appendRate)});
    con.append({x, value(s, conflictRate)});
    ret.append({x, value(s, retryRate)});
    cost.append({x, value(s, loadCost)});
    lagPoints.append({x, value(s, lag)});
    maxRate =
        std::max({maxRate, value(s, appendRate), value(s, conflictRate), value(s, retryRate)});
    maxCost = std::max(maxCost, value(s, loadCost));
    maxLag = std::max(maxLag, value(s, lag));
  }
  appends_->replace(app);
  conflicts_->replace(con);
  retries_->replace(ret);
  loadCost_->replace(cost);
  lagSeries_->replace(lagPoints);
  for (QChartView* v : {rates_, cost_, lag_}) axis(v, Qt::Horizontal)->setRange(tStart, tEnd);
  axis(rates_, Qt::Vertical)->setRange(0, maxRate * 1.15);
  axis(cost_, Qt::Vertical)->setRange(0, maxCost * 1.15);
  axis(lag_, Qt::Vertical)->setRange(0, maxLag * 1.15);
}

}  // namespace cs::ui::event_sourcing
