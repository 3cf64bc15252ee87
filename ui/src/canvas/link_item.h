// The link between two nodes: a thin line when open, a thick dashed red
// line when a partition blocks it (in either direction), with an arrow head
// when only one direction is blocked; optionally a badge on its midpoint
// (the pattern look's LinkBadge: a circuit breaker's state) with Hystrix's
// health circle for the call path beside it. Holds the two node ids. UI
// thread only.
#pragma once

#include <clusterscope/ids.h>
#include <QGraphicsItem>

#include "item_types.h"
#include "pattern_look.h"

namespace cs::ui {

class LinkItem : public QGraphicsItem {
 public:
  enum { Type = kLinkItemType };

  LinkItem(NodeId a, NodeId b);
  int type() const override { return Type; }
  NodeId a() const { return a_; }
  NodeId b() const { return b_; }

  void setEnds(QPointF a, QPointF b);
  // Blocked a -> b and b -> a.
  void setBlocked(bool ab, bool ba);
  void setBadge(const LinkBadge& badge);
  const LinkBadge& badge() const { return badge_; }
  // Where the badge and its health circle are drawn, in item coordinates;
  // empty without a badge.
  QRectF badgeArea() const;

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  QRectF badgeRect() const;
  QRectF healthRect() const;
  void paintBadge(QPainter* p) const;
  void paintHealth(QPainter* p) const;
  void paintOneWayArrow(QPainter* p, QPointF mid) const;

  NodeId a_, b_;
  QPointF pa_, pb_;
  bool ab_ = false, ba_ = false;
  LinkBadge badge_;
};

}  // namespace cs::ui
