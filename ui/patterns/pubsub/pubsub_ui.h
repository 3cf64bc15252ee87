// The pubsub pattern's part of the window (pattern_ui.h).
#pragma once

#include "../../src/pattern_ui.h"

namespace cs::ui::pubsub {

PatternUi patternUi();

}  // namespace cs::ui::pubsub
