// QGraphicsItem type numbers for the canvas, for qgraphicsitem_cast.
#pragma once

#include <QGraphicsItem>

namespace cs::ui {

enum ItemType {
  kNodeItemType = QGraphicsItem::UserType + 1,
  kLinkItemType = QGraphicsItem::UserType + 2,
  kMessageItemType = QGraphicsItem::UserType + 3,
  kPanelItemType = QGraphicsItem::UserType + 4,
};

}  // namespace cs::ui
