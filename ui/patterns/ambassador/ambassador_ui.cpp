// The Ambassador pattern's part of the window: the pods' look and what the
// compare view offers.
#include "ambassador_ui.h"

#include "ambassador_look.h"

namespace cs::ui::ambassador {

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "ambassador";
  ui.look = [] { return std::make_unique<AmbassadorLook>(); };
  ui.comparePresets = {"retries=off", "retries=on", "hedging=off",    "hedging=on",
                       "breaker=off", "breaker=on", "ambassador=off", "ambassador=on"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/ambassador.md");
  return ui;
}

}  // namespace cs::ui::ambassador
