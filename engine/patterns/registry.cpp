// The list of patterns the app offers. Adding a pattern adds one line here
// and a folder beside this file; nothing in the kernel changes.
#include <cassert>

#include "clusterscope/pattern.h"
#include "patterns/ambassador/ambassador_pattern.h"
#include "patterns/circuit_breaker/shop_pattern.h"
#include "patterns/cqrs/cqrs_pattern.h"
#include "patterns/event_sourcing/es_pattern.h"
#include "patterns/leader_election/leader_election.h"
#include "patterns/pubsub/pubsub_pattern.h"
#include "patterns/sharding/sharding_pattern.h"
#include "patterns/strangler_fig/fig_pattern.h"

namespace cs {

namespace {

std::deque<PatternInfo>& registry() {
  static std::deque<PatternInfo> patterns = {
      {"leader-election", "Leader Election (Raft)", &leader_election::make},
      {"circuit-breaker", "Circuit Breaker (resilience4j)", &circuit_breaker::make},
      {"ambassador", "Ambassador (sidecar proxy)", &ambassador::make},
      {"pubsub", "Pub/Sub (topics and subscriptions)", &pubsub::make},
      {"event-sourcing", "Event Sourcing (an append-only log)", &event_sourcing::make},
      {"cqrs", "CQRS (a write side and read sides that scale apart)", &cqrs::make},
      {"sharding", "Sharding (a shard map, chunks and migrations)", &sharding::make},
      {"strangler-fig", "Strangler Fig (a facade moves routes)", &strangler_fig::make},
  };
  return patterns;
}

}  // namespace

const std::deque<PatternInfo>& allPatterns() {
  return registry();
}

void registerPattern(PatternInfo info) {
  assert(!findPattern(info.name));
  registry().push_back(std::move(info));
}

const PatternInfo* findPattern(std::string_view name) {
  for (const auto& p : allPatterns())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace cs
