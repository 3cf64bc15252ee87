// Text drawn into a box it must not overflow: a label that is wider than its
// box at the theme's size ("candidate · voted 3", "p99 196 ms (last 5 s)" on
// a projector) is drawn a little smaller rather than cut at both ends, as
// QPainter's rectangle clip would cut it. UI thread only.
#pragma once

#include <QPainter>
#include <QRectF>
#include <QString>

namespace cs::ui {

// Draws `text` in `box` with `flags`, narrowing the painter's font for this
// call only so that the text's width fits the box's.
void drawFittedText(QPainter* p, const QRectF& box, int flags, const QString& text);

// A plate of the canvas's background colour under where `text` stands in
// `box` with `flags`, in the painter's font (no wider than `box`): messages
// fly under the nodes, and a node's label must not let one show through its
// letters. Draw it before the text.
void drawLabelPlate(QPainter* p, const QRectF& box, int flags, const QString& text);

}  // namespace cs::ui
