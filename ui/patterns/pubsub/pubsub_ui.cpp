// The Pub/Sub pattern's part of the window: the broker's look, its charts
// and what the compare view offers.
#include "pubsub_ui.h"

#include "pubsub_look.h"

namespace cs::ui::pubsub {

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "pubsub";
  ui.look = [] { return std::make_unique<PubSubLook>(); };
  ui.comparePresets = {"ordering=off", "ordering=on", "durable=off", "durable=on",
                       "maxDeliveryAttempts=1"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/pubsub.md");
  return ui;
}

}  // namespace cs::ui::pubsub
