// The Circuit Breaker pattern's part of the window: the shop's look and what
// the compare view offers.
#include "shop_ui.h"

#include "shop_look.h"

namespace cs::ui::circuit_breaker {

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "circuit-breaker";
  ui.look = [] { return std::make_unique<ShopLook>(); };
  ui.comparePresets = {"breaker=on", "breaker=off", "naiveRetries=0", "naiveRetries=3"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/circuit-breaker.md");
  return ui;
}

}  // namespace cs::ui::circuit_breaker
