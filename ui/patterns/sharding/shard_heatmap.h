// A load heatmap: one row per shard, one cell per half second, each cell
// as dark a red as the operations per second the shard served then (the
// darkest is the busiest cell shown, its rate in the title). A hot shard is a dark stripe; load
// following a migration shows as a row fading while another darkens. Drawn
// with QPainter in the Charts dock beside the QtCharts charts. UI thread
// only.
#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

namespace cs::ui::sharding {

class ShardHeatmap : public QWidget {
 public:
  struct Row {
    QString name;
    QColor colour;  // the shard's, beside its name
    // (seconds, operations per second): each cell runs from its time to the next's.
    std::vector<std::pair<double, double>> cells;
  };

  explicit ShardHeatmap(QWidget* parent = nullptr);
  // Shows `rows` between tStart and tEnd seconds.
  void setRows(std::vector<Row> rows, double tStart, double tEnd);
  const std::vector<Row>& rows() const { return rows_; }
  // The cell colour of `rate` when the busiest cell shown serves `peak`.
  static QColor heat(double rate, double peak);
  // What the map's title says: how many operations a second the darkest
  // cell stands for and whose it is, or that nothing has been served yet
  // (a scenario that only moves keys has no load to show).
  QString title() const;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  // The busiest cell shown: its rate and its row; no row while none served any.
  std::pair<double, const Row*> peak() const;

  std::vector<Row> rows_;
  double tStart_ = 0, tEnd_ = 1;
};

}  // namespace cs::ui::sharding
