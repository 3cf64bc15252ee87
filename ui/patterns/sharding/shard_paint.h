// What the Sharding look draws with: one colour per shard (the same in the
// map bar, the shard's box and the charts), a node's rounded body, a pill
// badge, and the shard map as a bar of chunks. Plain drawing, no state.
// UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>
#include <QColor>
#include <QRectF>
#include <QString>

#include "../../src/canvas/pattern_look.h"

class QPainter;

namespace cs::ui::sharding {

using cs::sharding::ShardingView;

// The colour of the index-th shard (shard-1 is 0).
QColor shardColourAt(std::size_t index);
// The colour of the shard with node id `shard` (grey for none).
QColor shardColour(const ShardingView& view, NodeId shard);
// "v5.2".
QString versionLabel(cs::sharding::Version v);
// A rounded body in `fill` with the node's name on top, the selection ring
// when highlighted and a red cross when crashed. Returns the body.
QRectF paintBody(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                 const QColor& fill);
// A pill-shaped badge centred at x on the body's top edge.
void paintPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg, double x);
// "shard map v5.2 · ranged · 12 chunks · 4 migrations committed, 1 aborted".
QString mapTitle(const ShardingView& view);
// "shard map v5.2 · 12 chunks": the title where the long one has no room.
QString shortMapTitle(const ShardingView& view);
// How much of the scene over and under the bar its words may take (over
// it, the title: taller on a small canvas, where it is written larger).
inline constexpr double kMapBarRoomAbove = 70;
inline constexpr double kMapBarRoomBelow = 140;
// The height of a line of the bar's words under `p` now (taller on a small
// canvas, where they are written at a size that reads).
double mapBarLine(const QPainter* p);
// The shard map in `r`: the key space left to right, a slice per chunk in
// its owner's colour, migrating ranges outlined with their migration's
// name, and a jumbo chunk drawn wide enough to see, hatched and named. On a
// small canvas (a laptop's window) its words read at kReadablePixels or
// more: a shorter title, and only as many migrations named as fit.
void paintMapBar(QPainter* p, const QRectF& r, const ShardingView& view);

}  // namespace cs::ui::sharding
