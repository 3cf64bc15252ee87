// Drawing the look's panel. See panel_item.h.
#include "panel_item.h"

#include <QPainter>

#include "pattern_look.h"

namespace cs::ui {

PanelItem::PanelItem(const PatternLook* look) : look_(look) {
  // Under the messages that fly past it, over the links.
  setZValue(5);
  setAcceptedMouseButtons(Qt::NoButton);
}

void PanelItem::setState(std::shared_ptr<const PatternView> view,
                         const std::vector<NodeSnapshot>& nodes) {
  view_ = std::move(view);
  nodes_ = nodes;
  const QRectF bounds = view_ ? look_->panelBounds(*view_, nodes_) : QRectF();
  if (bounds != bounds_) {
    prepareGeometryChange();
    bounds_ = bounds;
  }
  update();
}

void PanelItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  if (!view_ || bounds_.isEmpty()) return;
  p->setRenderHint(QPainter::Antialiasing);
  look_->paintPanel(p, *view_, nodes_);
}

}  // namespace cs::ui
