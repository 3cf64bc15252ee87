// One node of the cluster on the canvas: its role by colour and shape (a
// crown for the leader), its term in large type, votedFor, the election
// timer as a shrinking arc, and its faults (crashed: grey with a cross;
// paused; slow). Holds the node's id and a copy of its last snapshot.
// UI thread only.
#pragma once

#include <clusterscope/pattern.h>
#include <QGraphicsItem>

#include "item_types.h"

namespace cs::ui {

class NodeItem : public QGraphicsItem {
 public:
  enum { Type = kNodeItemType };
  static constexpr double kRadius = 46;

  explicit NodeItem(NodeId id);
  int type() const override { return Type; }
  NodeId id() const { return id_; }

  void setSnapshot(const NodeSnapshot& snapshot);
  const NodeSnapshot& snapshot() const { return snapshot_; }
  // The simulated time the timer arc is drawn at.
  void setNow(SimTime now);
  void setHighlighted(bool on);
  bool hasRunningCountdown() const;

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

 private:
  void paintCrown(QPainter* p, const QColor& outline) const;

  NodeId id_;
  NodeSnapshot snapshot_;
  SimTime now_{};
  bool highlighted_ = false;
};

}  // namespace cs::ui
