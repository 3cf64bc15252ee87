// The boxes and badges the Pub/Sub look draws its nodes with: a rounded body
// with the node's name on top, pill-shaped badges on the top edge, and the
// regular polygons its message glyphs are made of. Plain drawing, no state. UI thread only.
#pragma once

#include <clusterscope/pattern.h>
#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QRectF>
#include <QString>

#include "../../src/canvas/pattern_look.h"
#include "../../src/canvas/shapes.h"

class QPainter;

namespace cs::ui::pubsub {

// "45 ms", "1.5 s".
QString millisText(double ms);

// The body of a node: a rounded box in `fill` with the node's name on top
// and the selection ring when highlighted. Returns the body rectangle.
QRectF paintBody(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                 const QColor& fill);
// One pill-shaped badge centred at x on the body's top edge.
void paintPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg, double x);
// One pill-shaped badge centred at the bottom inside the body: a tag that
// must read as this node's, not its neighbour's.
void paintInnerPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg);
// Across the top edge: paused, slow link.
void paintFaultBadges(QPainter* p, const NodeSnapshot& s, const QRectF& body);

}  // namespace cs::ui::pubsub
