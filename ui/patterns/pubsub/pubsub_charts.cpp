// Building the Pub/Sub charts from the mirror's samples. See pubsub_charts.h.
#include "pubsub_charts.h"

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

namespace cs::ui::pubsub {
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

PubSubCharts::PubSubCharts(QWidget* parent) : PatternCharts(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  rates_ = makeView(makeTimeChart(), this);
  backlog_ = makeView(makeTimeChart(), this);
  latency_ = makeView(makeTimeChart(), this);
  // A title over the chart, not along its short y axis, where it is cut to "per …".
  rates_->chart()->setTitle(tr("messages per second"));
  backlog_->chart()->setTitle(tr("backlog per subscription (messages)"));
  latency_->chart()->setTitle(tr("end-to-end p99, publish to ack (ms)"));
  latency_->chart()->legend()->hide();
  for (QChartView* v : {rates_, backlog_, latency_}) {
    axis(v, Qt::Vertical)->setTickCount(3);
    v->setMinimumHeight(v == latency_ ? 100 : 130);
    layout->addWidget(v);
  }
  published_ = addSeries(rates_, tr("published"), QColor("#6a3fb5"));
  delivered_ = addSeries(rates_, tr("delivered"), QColor("#1565c0"));
  redelivered_ = addSeries(rates_, tr("redelivered"), QColor("#ef6c00"));
  applyTheme();
}

void PubSubCharts::applyTheme() {
  for (QChartView* v : {rates_, backlog_, latency_}) applyChartTheme(v);
}

void PubSubCharts::syncSubscriptions(const std::vector<std::string>& subs) {
  if (subs == subs_) return;
  subs_ = subs;
  for (auto* list : {&backlogSeries_, &latencySeries_}) {
    for (QLineSeries* s : *list) delete s;
    list->clear();
  }
  for (std::size_t i = 0; i < subs_.size(); ++i) {
    const QString name = QString::fromStdString(subs_[i]);
    backlogSeries_.push_back(addSeries(backlog_, name, seriesColor(i)));
    latencySeries_.push_back(addSeries(latency_, name, seriesColor(i)));
  }
  applyTheme();
}

void PubSubCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  const auto published = m.metricIndex("pubsub", "", "published");
  syncSubscriptions(m.subjects("subscription", "backlog"));
  const std::size_t n = subs_.size();
  std::vector<std::optional<std::size_t>> delivered(n), redelivered(n), backlog(n), p99(n);
  for (std::size_t i = 0; i < n; ++i) {
    delivered[i] = m.metricIndex("subscription", subs_[i], "delivered");
    redelivered[i] = m.metricIndex("subscription", subs_[i], "redelivered");
    backlog[i] = m.metricIndex("subscription", subs_[i], "backlog");
    p99[i] = m.metricIndex("subscription", subs_[i], "p99");
  }
  QList<QPointF> pub, del, redel;
  std::vector<QList<QPointF>> back(n), lat(n);
  double maxRate = 10, maxBacklog = 10, maxLatency = 10;
  const MetricSample* prev = nullptr;
  // Rates over half a second: per-sample deltas of a few messages jump about.
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (x < tStart - 1) continue;
    for (std::size_t i = 0; i < n; ++i) {
      back[i].append({x, value(s, backlog[i])});
      maxBacklog = std::max(maxBacklog, value(s, backlog[i]));
      const double ms = value(s, p99[i]) / 1000;
      lat[i].append({x, ms});
      maxLatency = std::max(maxLatency, ms);
    }
    if (prev && toSeconds(s.at - prev->at) < 0.5) continue;
    if (prev) {
      const double dt = toSeconds(s.at - prev->at);
      double d = 0, r = 0;
      for (std::size_t i = 0; i < n; ++i) {
        d += value(s, delivered[i]) - value(*prev, delivered[i]);
        r += value(s, redelivered[i]) - value(*prev, redelivered[i]);
      }
      const double p = (value(s, published) - value(*prev, published)) / dt;
      pub.append({x, p});
      del.append({x, d / dt});
      redel.append({x, r / dt});
      maxRate = std::max({maxRate, p, d / dt, r / dt});
    }
    prev = &s;
  }
  published_->replace(pub);
  delivered_->replace(del);
  redelivered_->replace(redel);
  for (std::size_t i = 0; i < n; ++i) {
    backlogSeries_[i]->replace(back[i]);
    latencySeries_[i]->replace(lat[i]);
  }
  for (QChartView* v : {rates_, backlog_, latency_}) setTimeRange(v, tStart, tEnd);
  axis(rates_, Qt::Vertical)->setRange(0, maxRate * 1.15);
  axis(backlog_, Qt::Vertical)->setRange(0, maxBacklog * 1.15);
  axis(latency_, Qt::Vertical)->setRange(0, maxLatency * 1.15);
}

}  // namespace cs::ui::pubsub
