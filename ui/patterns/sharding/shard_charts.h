// The Sharding pattern's charts: operations per second served by each
// shard (a hot shard stands out), keys stored on each shard, and each
// router's mean latency with its StaleConfig retries per second. Metrics
// are chosen by their descriptions — family "shard" for each shard, family
// "router" for each router — never by their names. Series are replaced in
// batches over the Charts dock's rolling window. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "../../src/pattern_ui.h"

class QChartView;
class QLineSeries;

namespace cs::ui::sharding {

class ShardCharts : public PatternCharts {
 public:
  explicit ShardCharts(QWidget* parent = nullptr);
  void refresh(const Mirror& mirror, double tStart, double tEnd) override;
  void applyTheme() override;

 private:
  void sync(const std::vector<std::string>& shards, const std::vector<std::string>& routers);

  QChartView* ops_;
  QChartView* keys_;
  QChartView* latency_;
  std::vector<std::string> shards_, routers_;
  std::vector<QLineSeries*> opsSeries_, keysSeries_, latencySeries_, staleSeries_;
};

}  // namespace cs::ui::sharding
