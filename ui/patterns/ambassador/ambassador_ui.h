// The ambassador pattern's part of the window (pattern_ui.h).
#pragma once

#include "../../src/pattern_ui.h"

namespace cs::ui::ambassador {

PatternUi patternUi();

}  // namespace cs::ui::ambassador
