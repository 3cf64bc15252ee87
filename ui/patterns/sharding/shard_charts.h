// The Sharding pattern's charts: a load heatmap (operations per second
// served by each shard over time: a hot shard is a dark stripe), the
// operations queued on each shard (where a shard's latency comes from),
// keys stored on each shard with the keys moved by migrations (and the
// share of all keys the last change moved: about 80% under mod N going
// from four shards to five, 20% on a ring), and
// each shard's latency over the last second as its routers saw it (mean,
// and p99 dashed: a shard far from its clients sits high until zones bring
// their keys home), and each router's mean latency with its StaleConfig
// retries per second.
// Metrics are chosen by their descriptions — family "shard" for each
// shard, "router" for each router, "map" for the config server's — never
// by their names. A shard's colour is the canvas's. Series are replaced in
// batches over the Charts dock's rolling window. UI thread only.
#pragma once

#include <QList>
#include <QPointF>

#include <string>
#include <vector>

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui::sharding {

class ShardHeatmap;

class ShardCharts : public PatternCharts {
 public:
  explicit ShardCharts(QWidget* parent = nullptr);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;

  const ShardHeatmap* heatmap() const { return heatmap_; }
  // "keys moved; the last change moved 800 of 1000 keys (80%)", or empty
  // before anything moved.
  QString movedText() const;
  // The points of shard `i`'s latency series (ms over time): its mean, or
  // with `p99` its p99; empty for a shard the charts do not know.
  QList<QPointF> shardLatency(std::size_t i, bool p99) const;

 private:
  void sync(const std::vector<std::string>& shards, const std::vector<std::string>& routers);

  ShardHeatmap* heatmap_;
  QChartView* queue_;
  QChartView* keys_;
  QChartView* shardLatency_;
  QChartView* latency_;
  std::vector<std::string> shards_, routers_;
  std::vector<QLineSeries*> queueSeries_, keysSeries_, shardMeanSeries_, shardP99Series_,
      latencySeries_, staleSeries_;
  QLineSeries* moved_ = nullptr;
};

}  // namespace cs::ui::sharding
