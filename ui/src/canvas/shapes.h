// Shapes and type every look draws with: the canvas font at a pixel size,
// boxes centred on the origin and where a message meets their edge, and
// regular polygons for glyphs and node outlines. Plain geometry, no state.
// UI thread only.
#pragma once

#include <QFont>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

class QPainter;

namespace cs::ui {

// The canvas font (DejaVu Sans, so that every machine draws the same) at
// `pixels`, bold or not.
QFont font(QPainter* p, int pixels, bool bold);
// The smallest type, in screen pixels, a panel's words may read at: what a
// student reads on a laptop's 1280×720 window, where the canvas is about
// 800×300 pixels and a scene drawn for a projector shows at a third of its
// size.
inline constexpr double kReadablePixels = 10;
// How many screen pixels one scene unit takes under `p` now.
double screenScale(const QPainter* p);
// `pixels` of scene, or more where the canvas is drawn so small that
// `pixels` would read under kReadablePixels on screen.
int readablePixels(const QPainter* p, int pixels);
// A box of half size `half` centred on the origin.
QRectF box(QSizeF half);
// Where a ray from the centre in unit direction `dir` leaves such a box, plus a margin.
double boxInset(QSizeF half, QPointF dir);
// A regular polygon of radius r centred on the origin, its first corner at
// `rotation` radians.
QPainterPath polygon(int sides, double r, double rotation);

}  // namespace cs::ui
