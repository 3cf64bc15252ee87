// The look's panel on the canvas (PatternLook::panelBounds and paintPanel):
// what belongs to no one node, such as Raft's logs side by side. Holds the
// last view and snapshots it was given and the scene's look, which outlives
// it. UI thread only.
#pragma once

#include <clusterscope/pattern.h>
#include <QGraphicsItem>

#include <memory>
#include <vector>

#include "item_types.h"

namespace cs::ui {

class PatternLook;

class PanelItem : public QGraphicsItem {
 public:
  enum { Type = kPanelItemType };

  explicit PanelItem(const PatternLook* look);
  int type() const override { return Type; }

  void setState(std::shared_ptr<const PatternView> view, const std::vector<NodeSnapshot>& nodes);

  QRectF boundingRect() const override { return bounds_; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  const PatternLook* look_;
  std::shared_ptr<const PatternView> view_;
  std::vector<NodeSnapshot> nodes_;
  QRectF bounds_;
};

}  // namespace cs::ui
