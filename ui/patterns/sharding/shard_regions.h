// What the Sharding look draws of data locality: the region each node sits
// in, as a tag under its body, and the zone ranges, as one line of text
// under the shard map. Plain drawing, no state; draws nothing in a world
// without regions. UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>
#include <QRectF>

class QPainter;

namespace cs::ui::sharding {

// The node's region ("eu") centred under `body`.
void paintRegionTag(QPainter* p, const cs::sharding::ShardingView& view, NodeId node,
                    const QRectF& body);
// "zones: eu keys 0–49,999 · us keys 50,000–99,999" under the map bar `bar`.
void paintZoneLine(QPainter* p, const QRectF& bar, const cs::sharding::ShardingView& view);

}  // namespace cs::ui::sharding
