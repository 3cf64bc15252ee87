// Building the Sharding charts from the mirror's samples. See shard_charts.h.
#include "shard_charts.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../../src/docks/chart_util.h"
#include "../../src/mirror.h"
#include "../../src/theme.h"
#include "shard_heatmap.h"
#include "shard_paint.h"

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
  heatmap_ = new ShardHeatmap(this);
  layout->addWidget(heatmap_);
  queue_ = makeView(makeTimeChart(), this);
  keys_ = makeView(makeTimeChart(), this);
  shardLatency_ = makeView(makeTimeChart(), this);
  latency_ = makeView(makeTimeChart(), this);
  queue_->chart()->setTitle(tr("operations queued per shard (their wait is the shard's latency)"));
  keys_->chart()->setTitle(tr("keys stored per shard; keys moved by migrations dashed"));
  shardLatency_->chart()->setTitle(
      tr("latency of each shard's operations over the last second (ms), p99 dashed"));
  latency_->chart()->setTitle(tr("router mean latency (ms), StaleConfig per second dashed"));
  for (QChartView* v : {queue_, keys_, shardLatency_, latency_}) {
    axis(v, Qt::Vertical)->setTickCount(3);
    v->setMinimumHeight(120);
    layout->addWidget(v);
  }
  moved_ = addSeries(keys_, tr("keys moved"), currentTheme().text, Qt::DashLine);
  applyTheme();
}

void ShardCharts::applyTheme() {
  for (QChartView* v : {queue_, keys_, shardLatency_, latency_}) applyChartTheme(v);
  if (moved_) moved_->setPen(QPen(currentTheme().text, currentTheme().lineWidth, Qt::DashLine));
  heatmap_->update();
}

QString ShardCharts::movedText() const {
  return moved_ && moved_->name() != tr("keys moved") ? moved_->name() : QString();
}

QList<QPointF> ShardCharts::shardLatency(std::size_t i, bool p99) const {
  const auto& series = p99 ? shardP99Series_ : shardMeanSeries_;
  return i < series.size() ? series[i]->points() : QList<QPointF>();
}

void ShardCharts::sync(const std::vector<std::string>& shards,
                       const std::vector<std::string>& routers) {
  if (shards == shards_ && routers == routers_) return;
  shards_ = shards;
  routers_ = routers;
  for (auto* list : {&queueSeries_, &keysSeries_, &shardMeanSeries_, &shardP99Series_,
                     &latencySeries_, &staleSeries_}) {
    for (QLineSeries* s : *list) delete s;
    list->clear();
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    const QString name = QString::fromStdString(shards_[i]);
    queueSeries_.push_back(addSeries(queue_, name, shardColourAt(i)));
    keysSeries_.push_back(addSeries(keys_, name, shardColourAt(i)));
    shardMeanSeries_.push_back(addSeries(shardLatency_, name, shardColourAt(i)));
    shardP99Series_.push_back(
        addSeries(shardLatency_, name + tr(" p99"), shardColourAt(i), Qt::DashLine));
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
  std::vector<std::optional<std::size_t>> ops(n), keys(n), queue(n), mean(n), p99(n), lat(r),
      stale(r);
  for (std::size_t i = 0; i < n; ++i) {
    ops[i] = m.metricIndex("shard", shards_[i], "ops");
    keys[i] = m.metricIndex("shard", shards_[i], "keys");
    queue[i] = m.metricIndex("shard", shards_[i], "queue");
    mean[i] = m.metricIndex("shard", shards_[i], "mean latency over 1 s");
    p99[i] = m.metricIndex("shard", shards_[i], "p99 latency over 1 s");
  }
  for (std::size_t i = 0; i < r; ++i) {
    lat[i] = m.metricIndex("router", routers_[i], "latency");
    stale[i] = m.metricIndex("router", routers_[i], "stale");
  }
  const auto movedId = m.metricIndex("map", "config", "keys-moved");
  std::vector<QList<QPointF>> k(n), q(n), sm(n), sp(n), l(r), st(r);
  QList<QPointF> moved;
  std::vector<ShardHeatmap::Row> heat(n);
  for (std::size_t i = 0; i < n; ++i) {
    heat[i].name = QString::fromStdString(shards_[i]);
    heat[i].colour = shardColourAt(i);
  }
  double maxQueue = 5, maxKeys = 10, maxShardLat = 5, maxLat = 5, totalKeys = 0, movedKeys = 0;
  // A change (a shard added or removed, the balancer evening out) is a run
  // of migrations with less than kQuiet between them; what it moved is the
  // counter's rise since the pause before it.
  constexpr double kQuiet = 3;
  double movedBefore = 0, lastRise = -1e9;
  const MetricSample* prev = nullptr;
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (const double v = value(s, movedId); v > movedKeys) {
      if (x - lastRise > kQuiet) movedBefore = movedKeys;
      lastRise = x;
      movedKeys = v;
    }
    if (x < tStart - 1) continue;
    totalKeys = 0;
    for (std::size_t i = 0; i < n; ++i) {
      k[i].append({x, value(s, keys[i])});
      q[i].append({x, value(s, queue[i])});
      maxKeys = std::max(maxKeys, value(s, keys[i]));
      maxQueue = std::max(maxQueue, value(s, queue[i]));
      totalKeys += value(s, keys[i]);
      sm[i].append({x, value(s, mean[i]) / 1000});
      sp[i].append({x, value(s, p99[i]) / 1000});
      maxShardLat = std::max(maxShardLat, value(s, p99[i]) / 1000);
    }
    moved.append({x, movedKeys});
    maxKeys = std::max(maxKeys, movedKeys);
    for (std::size_t i = 0; i < r; ++i) {
      const double ms = value(s, lat[i]) / 1000;
      l[i].append({x, ms});
      maxLat = std::max(maxLat, ms);
    }
    // Rates over half a second: per-sample deltas jump about.
    if (prev && toSeconds(s.at - prev->at) < 0.5) continue;
    if (prev) {
      const double dt = toSeconds(s.at - prev->at);
      for (std::size_t i = 0; i < n; ++i)
        heat[i].cells.push_back(
            {toSeconds(prev->at), (value(s, ops[i]) - value(*prev, ops[i])) / dt});
      for (std::size_t i = 0; i < r; ++i) {
        const double rate = (value(s, stale[i]) - value(*prev, stale[i])) / dt;
        st[i].append({x, rate});
        maxLat = std::max(maxLat, rate);
      }
    }
    prev = &s;
  }
  // Spares that never held a key stay out of the charts and their legends.
  std::vector<bool> used(n);
  std::vector<ShardHeatmap::Row> rows;
  for (std::size_t i = 0; i < n; ++i) {
    used[i] = std::any_of(k[i].begin(), k[i].end(), [](QPointF p) { return p.y() > 0; });
    if (used[i]) rows.push_back(std::move(heat[i]));
  }
  heatmap_->setRows(std::move(rows), tStart, tEnd);
  for (std::size_t i = 0; i < n; ++i) {
    queueSeries_[i]->replace(q[i]);
    keysSeries_[i]->replace(k[i]);
    shardMeanSeries_[i]->replace(sm[i]);
    shardP99Series_[i]->replace(sp[i]);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (QLineSeries* series :
         {queueSeries_[i], keysSeries_[i], shardMeanSeries_[i], shardP99Series_[i]})
      series->setVisible(used[i]);
  // The title says what dashed means; one legend entry per shard is enough
  // (showing a series shows its marker again).
  for (QLineSeries* series : shardP99Series_)
    for (QLegendMarker* marker : shardLatency_->chart()->legend()->markers(series))
      marker->setVisible(false);
  moved_->replace(moved);
  const double last = movedKeys - movedBefore;
  moved_->setName(last > 0 && totalKeys > 0
                      ? tr("keys moved; the last change moved %1 of %2 keys (%3%)")
                            .arg(last, 0, 'f', 0)
                            .arg(totalKeys, 0, 'f', 0)
                            .arg(100 * last / totalKeys, 0, 'f', 0)
                      : tr("keys moved"));
  for (std::size_t i = 0; i < r; ++i) {
    latencySeries_[i]->replace(l[i]);
    staleSeries_[i]->replace(st[i]);
  }
  for (QChartView* v : {queue_, keys_, shardLatency_, latency_}) setTimeRange(v, tStart, tEnd);
  axis(queue_, Qt::Vertical)->setRange(0, maxQueue * 1.15);
  axis(keys_, Qt::Vertical)->setRange(0, maxKeys * 1.15);
  axis(shardLatency_, Qt::Vertical)->setRange(0, maxShardLat * 1.15);
  axis(latency_, Qt::Vertical)->setRange(0, maxLat * 1.15);
}

}  // namespace cs::ui::sharding
