// A message in flight, drawn as its kind's glyph (see raft_look.h) moving
// along the link from sender to receiver as simulated time passes from its
// send time to its due time. Holds the message id and its endpoints' ids.
// UI thread only.
#pragma once

#include <clusterscope/kernel.h>
#include <QGraphicsItem>
#include <QPainterPath>

#include "item_types.h"

namespace cs::ui {

class MessageItem : public QGraphicsItem {
 public:
  enum { Type = kMessageItemType };
  // Over the links and the look's panel, under the nodes (10): a glyph
  // leaving or reaching a node passes under its name and labels rather than
  // hiding them. A selected or followed message is lifted over them.
  static constexpr double kZ = 8;

  MessageItem();
  int type() const override { return Type; }

  // Reuses the item for another message.
  void setMessage(const Kernel::InFlight& flight, const QPainterPath* shape, QColor fill);
  MessageId id() const { return id_; }
  NodeId from() const { return from_; }
  NodeId to() const { return to_; }
  // Places the glyph for simulated time `now` on the segment start -> end.
  void place(SimTime now, QPointF start, QPointF end);
  void setHighlighted(bool on);
  // While a request is followed: its messages are ringed, the rest dimmed.
  enum class FollowMark { None, Followed, Dimmed };
  void setFollowMark(FollowMark mark);
  FollowMark followMark() const { return followMark_; }

  // The glyph alone, without the room kept around it for the halo.
  QRectF glyphBounds() const { return shape_ ? shape_->boundingRect() : QRectF(); }
  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

 private:
  void applyOpacity();
  void applyZ();

  MessageId id_ = 0;
  NodeId from_ = kNoNode, to_ = kNoNode;
  SimTime sentAt_{}, due_{};
  bool lost_ = false;
  bool highlighted_ = false;
  FollowMark followMark_ = FollowMark::None;
  const QPainterPath* shape_ = nullptr;
  QColor fill_;
  QRectF bounds_;
};

}  // namespace cs::ui
