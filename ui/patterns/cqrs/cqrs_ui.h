// The CQRS pattern's part of the window (pattern_ui.h).
#pragma once

#include <clusterscope/cqrs/cqrs_view.h>

#include "../../src/pattern_ui.h"

namespace cs::ui::cqrs {

PatternUi patternUi();

// The inspector's section for a node: for the projector, its partitions and
// rebuild; for a replica, its position against the head; for the shoppers,
// the last stale read.
QString inspectorText(const cs::cqrs::CqrsView& view, NodeId node);

}  // namespace cs::ui::cqrs
