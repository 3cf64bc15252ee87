// One node of the cluster on the canvas, drawn by the pattern's look (see
// pattern_look.h) from a copy of its last snapshot, with a small power button
// on its top-right corner. Clicking the node reports it to the scene to be
// selected (inspected); clicking the power button reports it to be failed or
// restarted: one gesture to look, another to break. Holds the node's id and the scene's look, which
// outlives it. UI thread only.
#pragma once

#include <clusterscope/pattern.h>
#include <QGraphicsItem>

#include "item_types.h"

namespace cs::ui {

class PatternLook;

class NodeItem : public QGraphicsItem {
 public:
  enum { Type = kNodeItemType };
  static constexpr double kRadius = 46;

  NodeItem(NodeId id, const PatternLook* look);
  int type() const override { return Type; }
  NodeId id() const { return id_; }

  // The node's snapshot and the pattern's view it is drawn from.
  void setSnapshot(const NodeSnapshot& snapshot, std::shared_ptr<const PatternView> view);
  const NodeSnapshot& snapshot() const { return snapshot_; }
  // The simulated time the timer arc is drawn at.
  void setNow(SimTime now);
  void setHighlighted(bool on);
  // A node the followed request visited: drawn with a halo.
  void setFollowed(bool on);
  bool followed() const { return followed_; }
  bool hasRunningCountdown() const;

  // The power button, in item coordinates.
  QRectF powerButton() const;

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

 private:
  // The node as the look draws it, without the power button.
  QPainterPath bodyShape() const;
  void paintPowerButton(QPainter* p) const;
  // The node's name alone, on a plate over its body, `scale` being the
  // canvas's: what a look too small to read is labelled with.
  void paintName(QPainter* p, double scale) const;

  NodeId id_;
  const PatternLook* look_;
  NodeSnapshot snapshot_;
  std::shared_ptr<const PatternView> view_;
  SimTime now_{};
  bool highlighted_ = false;
  bool followed_ = false;
  QRectF body_;  // the body's box as last drawn: where the power button sits
};

}  // namespace cs::ui
