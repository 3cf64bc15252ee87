// The shard map in ring mode, drawn as Cassandra's ring: the hash space
// bent into a circle, clockwise from the top; each chunk an arc in its
// owner's colour; each virtual node's token a dot where the range it owns
// ends (a token owns the ranges up to it); migrating ranges outlined in the
// recipient's colour; and beside the ring each shard's ranges and share of
// it. Plain drawing from the typed view. UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>
#include <QPointF>
#include <QRectF>

#include <vector>

class QPainter;

namespace cs::ui::sharding {

struct RingToken {
  cs::sharding::Position at = 0;
  NodeId owner = kNoNode;
};

// The tokens of the view's map: the end of every chunk but the last, whose
// range wraps round to the first token.
std::vector<RingToken> ringTokens(const cs::sharding::ShardingView& view);
// Where position `pos` lies on a circle of `radius` round `centre`.
QPointF ringPoint(const cs::sharding::ShardingView& view, cs::sharding::Position pos,
                  QPointF centre, double radius);
// The ring's centre and outer radius in `area`, and what paintMapRing draws
// in it: the ring on the left, the title and the shares to its right.
QPointF ringCentre(const QRectF& area);
double ringRadius(const QRectF& area);
void paintMapRing(QPainter* p, const QRectF& area, const cs::sharding::ShardingView& view);

}  // namespace cs::ui::sharding
