// What the Sharding look draws of data locality: each region as a band
// across the canvas holding its routers and shards (and the config server
// in its region), labelled with its name, the latency to the other regions
// and the keys a zone pins to it; and the zone ranges as one line of text
// under the shard map. Plain geometry and drawing from the typed view; no
// state. Draws nothing in a world without regions. UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <vector>

class QPainter;

namespace cs::ui::sharding {

// Where the look's grid stands: the routers' column, the shards' columns
// and rows, the config server, and the boxes' half sizes.
struct Grid {
  double routerX = 0;
  double shardLeft = 0;
  double shardSpacing = 0;
  int columns = 4;
  double firstRowY = 0;
  double rowSpacing = 0;
  QPointF config;
  QSizeF shardHalf, routerHalf, configHalf;
};

struct RegionBand {
  int region = -1;
  QRectF area;   // in scene coordinates, around every node of the region
  QRectF label;  // the label's pill, in the gap between routers and shards
};

// Places the nodes region by region, a band of rows each, top to bottom in
// the order the regions were named: a region's routers down the routers'
// column, its shards (spares too) along the rows, the config server at the
// end of its region's first row. Fills `positions` (by node id) and
// returns the bands; empty, and `positions` untouched, without regions.
std::vector<RegionBand> layoutByRegion(const cs::sharding::ShardingView& view, const Grid& grid,
                                       std::vector<QPointF>& positions);
void paintRegionBands(QPainter* p, const cs::sharding::ShardingView& view,
                      const std::vector<RegionBand>& bands);
// "zones: eu keys 0–49,999 · us keys 50,000–99,999" under the map bar `bar`.
void paintZoneLine(QPainter* p, const QRectF& bar, const cs::sharding::ShardingView& view);

}  // namespace cs::ui::sharding
