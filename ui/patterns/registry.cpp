// The patterns the window can show: one line each. Adding a pattern adds its
// folder beside this file and a line here; shared code does not change.
#include "../src/pattern_ui.h"
#include "ambassador/ambassador_ui.h"
#include "circuit_breaker/shop_ui.h"
#include "cqrs/cqrs_ui.h"
#include "event_sourcing/es_ui.h"
#include "leader_election/raft_ui.h"
#include "pubsub/pubsub_ui.h"
#include "sharding/shard_ui.h"
#include "strangler_fig/fig_ui.h"

namespace cs::ui {

std::vector<PatternUi> builtinPatternUis() {
  return {
      leader_election::patternUi(), circuit_breaker::patternUi(), ambassador::patternUi(),
      pubsub::patternUi(),          event_sourcing::patternUi(),  cqrs::patternUi(),
      sharding::patternUi(),        strangler_fig::patternUi(),
  };
}

}  // namespace cs::ui
