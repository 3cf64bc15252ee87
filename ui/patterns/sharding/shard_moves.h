// A moving chunk on the canvas: each running migration drawn as an arrow
// from the donor's box to the recipient's, with its phase (clone, catch-up,
// critical section, commit, range deletion) and how far it has come. Shards
// side by side in the top row are joined by an arc above them; any other
// pair by an arc through the gap between the rows. Plain geometry from the
// typed view and the layout's positions; no state. UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>
#include <QColor>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <vector>

class QPainter;

namespace cs::ui::sharding {

struct MoveArrow {
  std::int64_t id = 0;
  cs::sharding::MigrationPhase phase = cs::sharding::MigrationPhase::Idle;
  QPainterPath shaft;  // donor's edge to recipient's edge
  QString label;       // "migration 3 · clone 120/270 keys"
  QRectF labelBox;     // where the label's pill stands, in scene coordinates
  // How far the migration has come, 0..1: the clone moves the keys (the
  // first 60%), then each short protocol step adds a tenth.
  double progress = 0;
  QColor colour;        // the recipient's
  bool broken = false;  // the donor or the recipient is down: it will abort or resume
};

// The phase as the textbook says it ("critical section").
QString phaseWord(cs::sharding::MigrationPhase phase);
// One arrow per migration that has a phase, in the view's order.
// `positions` are the layout's, by node id; `shardHalf` a shard box's half size.
std::vector<MoveArrow> moveArrows(const cs::sharding::ShardingView& view,
                                  const std::vector<QPointF>& positions, QSizeF shardHalf);
// Everything paintMoveArrows draws.
QRectF moveArrowsBounds(const std::vector<MoveArrow>& arrows);
void paintMoveArrows(QPainter* p, const std::vector<MoveArrow>& arrows);

}  // namespace cs::ui::sharding
