// How every look marks a crashed node: its name stays readable, so the room
// sees which node is down; the rest of its body, whose numbers are no longer
// live, is washed out and crossed; a "crashed" plate in the middle says it
// in words. UI thread only.
#pragma once

#include <QRectF>

class QPainter;

namespace cs::ui {

// Marks the node drawn in `body` (a rounded box whose top `nameBand` pixels
// hold its name) as crashed. Drawn last, over what the look wrote.
void paintCrashMark(QPainter* p, const QRectF& body, double nameBand = 38);
// Marks a node stopped on purpose (a retired monolith): washed out the same
// way, with a grey "switched off" plate and no red cross, since nothing
// failed.
void paintSwitchedOffMark(QPainter* p, const QRectF& body, double nameBand = 38);

}  // namespace cs::ui
