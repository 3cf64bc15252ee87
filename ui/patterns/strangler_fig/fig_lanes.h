// The migration map: one timeline lane per route that has left legacy, its
// stretches coloured by stage (the canary's labelled with its weight) and a
// mark at each rollback. Routes whose whole history is the same (a big-bang
// cutover moves every route at once) share one lane, so the map stays as
// short as the story. Built from the route histories in the typed view
// (clusterscope/strangler_fig/fig_view.h). UI thread only.
#pragma once

#include <vector>

#include "../../src/pattern_ui.h"

namespace cs::ui::strangler_fig {

std::vector<TimelineLane> migrationMap(const Mirror& mirror);

}  // namespace cs::ui::strangler_fig
