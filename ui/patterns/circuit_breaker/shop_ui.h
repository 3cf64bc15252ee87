// The circuit-breaker pattern's part of the window (pattern_ui.h).
#pragma once

#include "../../src/pattern_ui.h"

namespace cs::ui::circuit_breaker {

PatternUi patternUi();

}  // namespace cs::ui::circuit_breaker
