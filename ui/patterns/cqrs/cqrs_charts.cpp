// The CQRS pattern's charts. See cqrs_charts.h. UI thread only.
#include "cqrs_charts.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../../src/docks/chart_util.h"
#include "../../src/mirror.h"
#include "../../src/theme.h"

namespace cs::ui::cqrs {
namespace {

constexpr int kReplicas = 8;
constexpr int kProjectors = 4;

QLineSeries* addSeries(QChartView* view, const QString& name, const QColor& color) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(QPen(color, currentTheme().lineWidth));
  view->chart()->addSeries(s);
  s->attachAxis(axis(view, Qt::Horizontal));
  s->attachAxis(axis(view, Qt::Vertical));
  return s;
}

double value(const MetricSample& s, std::optional<std::size_t> id, double scale = 1) {
  return id && *id < s.values.size() ? static_cast<double>(s.values[*id]) / scale : 0.0;
}

}  // namespace

CqrsCharts::CqrsCharts(QWidget* parent) : PatternCharts(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  latency_ = makeView(makeTimeChart(), this);
  lag_ = makeView(makeTimeChart(), this);
  load_ = makeView(makeTimeChart(), this);
  axis(latency_, Qt::Vertical)->setTitleText(tr("p99, ms"));
  axis(lag_, Qt::Vertical)->setTitleText(tr("lag"));
  load_->chart()->setTitle(tr("replica load: busy workers + queued"));
  load_->chart()->legend()->hide();
  for (QChartView* v : {latency_, lag_, load_}) {
    axis(v, Qt::Vertical)->setTickCount(3);
    v->setMinimumHeight(120);
    layout->addWidget(v);
  }
  orderP99_ = addSeries(latency_, tr("order p99"), QColor("#1f6fb2"));
  queryP99_ = addSeries(latency_, tr("query p99"), QColor("#8e24aa"));
  lagEvents_ = addSeries(lag_, tr("events, furthest behind"), QColor("#00796b"));
  lagMs_ = addSeries(lag_, tr("ms (oldest unapplied)"), QColor("#d32f2f"));
  // Each projector's own lag, named once the metrics say which there are.
  for (int i = 0; i < kProjectors; ++i) {
    QLineSeries* series = addSeries(lag_, QString(), QColor::fromHsv(150 + i * 40, 120, 200));
    QPen pen = series->pen();
    pen.setStyle(Qt::DashLine);
    series->setPen(pen);
    series->setVisible(false);
    projectorLag_.push_back(series);
  }
  for (int r = 0; r < kReplicas; ++r)
    replicaLoad_.push_back(
        addSeries(load_, tr("replica-%1").arg(r + 1), QColor::fromHsv((r * 45) % 360, 160, 170)));
  applyTheme();
}

void CqrsCharts::applyTheme() {
  for (QChartView* v : {latency_, lag_, load_}) applyChartTheme(v);
}

void CqrsCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  const auto order = m.metricIndex("latency", "order", "p99");
  const auto query = m.metricIndex("latency", "query", "p99");
  const auto lagEvents = m.metricIndex("projection", "projector", "lag");
  const auto lagAge = m.metricIndex("projection", "projector", "lag_age");
  // Every projector's lag: family "projection", measure "lag", subject its name.
  std::vector<std::size_t> projectors;
  for (std::size_t i = 0; i < m.metrics.size() && projectors.size() < kProjectors; ++i) {
    const MetricInfo& info = m.metrics[i];
    if (info.family == "projection" && info.measure == "lag" && info.subject != "projector") {
      projectorLag_[projectors.size()]->setName(QString::fromStdString(info.subject));
      projectors.push_back(i);
    }
  }
  std::vector<QList<QPointF>> pl(projectors.size());
  std::vector<std::optional<std::size_t>> load;
  for (int r = 0; r < kReplicas; ++r)
    load.push_back(m.metricIndex("replica", "replica-" + std::to_string(r + 1), "load"));
  QList<QPointF> o, q, le, lm;
  std::vector<QList<QPointF>> l(kReplicas);
  double maxMs = 5, maxLag = 5, maxLoad = 4;
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (x < tStart - 1) continue;
    o.append({x, value(s, order, 1000)});
    q.append({x, value(s, query, 1000)});
    le.append({x, value(s, lagEvents)});
    lm.append({x, value(s, lagAge, 1000)});
    for (std::size_t i = 0; i < projectors.size(); ++i) pl[i].append({x, value(s, projectors[i])});
    maxMs = std::max({maxMs, value(s, order, 1000), value(s, query, 1000)});
    maxLag = std::max({maxLag, value(s, lagEvents), value(s, lagAge, 1000)});
    for (int r = 0; r < kReplicas; ++r) {
      l[static_cast<std::size_t>(r)].append({x, value(s, load[static_cast<std::size_t>(r)])});
      maxLoad = std::max(maxLoad, value(s, load[static_cast<std::size_t>(r)]));
    }
  }
  orderP99_->replace(o);
  queryP99_->replace(q);
  lagEvents_->replace(le);
  lagMs_->replace(lm);
  for (std::size_t i = 0; i < projectorLag_.size(); ++i) {
    // One projector's lag is the headline line already.
    projectorLag_[i]->setVisible(i < projectors.size() && projectors.size() > 1);
    if (i < projectors.size()) projectorLag_[i]->replace(pl[i]);
  }
  for (int r = 0; r < kReplicas; ++r)
    replicaLoad_[static_cast<std::size_t>(r)]->replace(l[static_cast<std::size_t>(r)]);
  for (QChartView* v : {latency_, lag_, load_}) axis(v, Qt::Horizontal)->setRange(tStart, tEnd);
  axis(latency_, Qt::Vertical)->setRange(0, maxMs * 1.15);
  axis(lag_, Qt::Vertical)->setRange(0, maxLag * 1.15);
  axis(load_, Qt::Vertical)->setRange(0, maxLoad * 1.15);
}

}  // namespace cs::ui::cqrs
