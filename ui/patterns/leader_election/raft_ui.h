// Leader Election's part of the window (pattern_ui.h).
#pragma once

#include "../../src/pattern_ui.h"

namespace cs::ui::leader_election {

PatternUi patternUi();

}  // namespace cs::ui::leader_election
