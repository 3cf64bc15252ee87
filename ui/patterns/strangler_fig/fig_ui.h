// The Strangler Fig pattern's part of the window. See pattern_ui.h.
#pragma once

#include "../../src/pattern_ui.h"

namespace cs::ui::strangler_fig {

PatternUi patternUi();

}  // namespace cs::ui::strangler_fig
