// The Event Sourcing nodes' compact forms, for a canvas drawn so small (a
// laptop's window) that the look's own type would not read: the store's
// head position, streams, conflicts and the last rejected append, its
// safety switches and the products' folded stock; a handler's aggregate
// and conflicts; the analytics subscriber's checkpoint and lag. Written at
// kReadablePixels or more (compact_lines.h) from the typed view. UI thread
// only.
#pragma once

#include <clusterscope/event_sourcing/es_view.h>
#include <QRectF>

class QPainter;

namespace cs::ui::event_sourcing {

using cs::event_sourcing::EsView;
using cs::event_sourcing::NodeKind;

// Whether a node of `kind` has a compact form of its own.
bool hasCompactForm(NodeKind kind);
// Writes node `id`'s name and compact form inside `body`; a crashed node's
// name alone, at the top, clear of its cross.
void paintCompact(QPainter* p, const EsView& view, NodeId id, const QString& name, bool crashed,
                  const QRectF& body);

}  // namespace cs::ui::event_sourcing
