// The event-sourcing pattern's part of the window (pattern_ui.h).
#pragma once

#include <clusterscope/event_sourcing/es_view.h>

#include "../../src/pattern_ui.h"

namespace cs::ui::event_sourcing {

PatternUi patternUi();

// The inspector's section for a node: for a handler, the stream it holds,
// event by event, with the state folded after each; for the store, the
// stream of the last rejected append (else the newest); for the CRUD twin,
// its rows beside what the log says.
QString inspectorText(const cs::event_sourcing::EsView& view, NodeId node);

}  // namespace cs::ui::event_sourcing
