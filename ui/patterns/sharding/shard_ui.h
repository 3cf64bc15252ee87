// The Sharding pattern's part of the window (see pattern_ui.h).
#pragma once

#include "../../src/pattern_ui.h"

namespace cs::ui::sharding {

PatternUi patternUi();

}  // namespace cs::ui::sharding
