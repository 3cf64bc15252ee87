// Building the Sharding charts from the mirror's samples. See shard_charts.h.
#include "shard_charts.h"

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

namespace cs::ui::sharding {
namespace {

QLineSeries* addSeries(QChartView* view, const QString& name, const QColor& color,
                       Qt::PenStyle style = Qt::SolidLine) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(QPen(color, currentTheme().lineWidth, style));
  view->chart()->addSeries(s);
  s->attachAxis(axis(view, Qt::Horizontal));
  s->attachAxis(axis(view, Qt::Vertical));
  return s;
}

double value(const MetricSample& s, std::optional<std::size_t> id) {
  return id && *id < s.values.size() ? static_cast<double>(s.values[*id]) : 0.0;
}

}  // namespace

ShardCharts::ShardCharts(QWidget* parent) : PatternCharts(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  ops_ = makeView(makeTimeChart(), this);
  keys_ = makeView(makeTimeChart(), this);
  latency_ = makeView(makeTimeChart(), this);
  ops_->chart()->setTitle(tr("operations served per shard (per second)"));
  keys_->chart()->setTitle(tr("keys stored per shard"));
  latency_->chart()->setTitle(tr("router mean latency (ms), StaleConfig per second dashed"));
  for (QChartView* v : {ops_, keys_, latency_}) {
    axis(v, Qt::Vertical)->setTickCount(3);
    v->setMinimumHeight(120);
    layout->addWidget(v);
  }
  applyTheme();
}

void ShardCharts::applyTheme() {
  for (QChartView* v : {ops_, keys_, latency_}) applyChartTheme(v);
}

void ShardCharts::sync(const std::vector<std::string>& shards,
                       const std::vector<std::string>& routers) {
  if (shards == shards_ && routers == routers_) return;
  shards_ = shards;
  routers_ = routers;
  for (auto* list : {&opsSeries_, &keysSeries_, &latencySeries_, &staleSeries_}) {
    for (QLineSeries* s : *list) delete s;
    list->clear();
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    const QString name = QString::fromStdString(shards_[i]);
    opsSeries_.push_back(addSeries(ops_, name, seriesColor(i)));
    keysSeries_.push_back(addSeries(keys_, name, seriesColor(i)));
  }
  for (std::size_t i = 0; i < routers_.size(); ++i) {
    const QString name = QString::fromStdString(routers_[i]);
    latencySeries_.push_back(addSeries(latency_, name, seriesColor(i)));
    staleSeries_.push_back(
        addSeries(latency_, name + tr(" StaleConfig/s"), seriesColor(i), Qt::DashLine));
  }
  applyTheme();
}

void ShardCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  sync(m.subjects("shard", "ops"), m.subjects("router", "latency"));
  const std::size_t n = shards_.size(), r = routers_.size();
  std::vector<std::optional<std::size_t>> ops(n), keys(n), lat(r), stale(r);
  for (std::size_t i = 0; i < n; ++i) {
    ops[i] = m.metricIndex("shard", shards_[i], "ops");
    keys[i] = m.metricIndex("shard", shards_[i], "keys");
  }
  for (std::size_t i = 0; i < r; ++i) {
    lat[i] = m.metricIndex("router", routers_[i], "latency");
    stale[i] = m.metricIndex("router", routers_[i], "stale");
  }
  std::vector<QList<QPointF>> o(n), k(n), l(r), st(r);
  double maxOps = 10, maxKeys = 10, maxLat = 5;
  const MetricSample* prev = nullptr;
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (x < tStart - 1) continue;
    for (std::size_t i = 0; i < n; ++i) {
      k[i].append({x, value(s, keys[i])});
      maxKeys = std::max(maxKeys, value(s, keys[i]));
    }
    for (std::size_t i = 0; i < r; ++i) {
      const double ms = value(s, lat[i]) / 1000;
      l[i].append({x, ms});
      maxLat = std::max(maxLat, ms);
    }
    // Rates over half a second: per-sample deltas jump about.
    if (prev && toSeconds(s.at - prev->at) < 0.5) continue;
    if (prev) {
      const double dt = toSeconds(s.at - prev->at);
      for (std::size_t i = 0; i < n; ++i) {
        const double rate = (value(s, ops[i]) - value(*prev, ops[i])) / dt;
        o[i].append({x, rate});
        maxOps = std::max(maxOps, rate);
      }
      for (std::size_t i = 0; i < r; ++i) {
        const double rate = (value(s, stale[i]) - value(*prev, stale[i])) / dt;
        st[i].append({x, rate});
        maxLat = std::max(maxLat, rate);
      }
    }
    prev = &s;
  }
  for (std::size_t i = 0; i < n; ++i) {
    opsSeries_[i]->replace(o[i]);
    keysSeries_[i]->replace(k[i]);
  }
  for (std::size_t i = 0; i < r; ++i) {
    latencySeries_[i]->replace(l[i]);
    staleSeries_[i]->replace(st[i]);
  }
  for (QChartView* v : {ops_, keys_, latency_}) setTimeRange(v, tStart, tEnd);
  axis(ops_, Qt::Vertical)->setRange(0, maxOps * 1.15);
  axis(keys_, Qt::Vertical)->setRange(0, maxKeys * 1.15);
  axis(latency_, Qt::Vertical)->setRange(0, maxLat * 1.15);
}

}  // namespace cs::ui::sharding
