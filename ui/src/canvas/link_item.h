// The link between two nodes: a thin line when open, a thick dashed red
// line when a partition blocks it (in either direction), with an arrow head
// when only one direction is blocked. Holds the two node ids. UI thread only.
#pragma once

#include <clusterscope/ids.h>
#include <QGraphicsItem>

#include "item_types.h"

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

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  NodeId a_, b_;
  QPointF pa_, pb_;
  bool ab_ = false, ba_ = false;
};

}  // namespace cs::ui
