// Drawing the event store as a git-like log inside its box: a lane per
// recently active stream, its name at the left, each event a commit dot at
// its global position (newest at the right) labelled with its type (a
// product's stock after it written inside), dots of one stream joined like
// commits on a branch, a compensating event ringed in amber, v1 events
// hollow; the last rejected append as a red banner on its stream's lane,
// right of the head. As many lanes as fit without overlapping. Plain
// drawing from the typed view. UI thread only.
#pragma once

#include <clusterscope/event_sourcing/es_view.h>
#include <QRectF>

class QPainter;

namespace cs::ui::event_sourcing {

// Draws the newest events of `store` that fit in `area`.
void paintLog(QPainter* p, const cs::event_sourcing::StoreView& store, const QRectF& area);

// The product table under the log: each product's stock as folded from the
// log, who reserved last, and what the CRUD twin's row says.
void paintProducts(QPainter* p, const cs::event_sourcing::EsView& view, const QRectF& area);

}  // namespace cs::ui::event_sourcing
