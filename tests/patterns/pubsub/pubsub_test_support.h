// Helpers shared by the tests of the Pub/Sub pattern: building a Simulation
// of its world, pattern commands, access to its nodes, and listeners that
// count milestones as they happen. Test thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/commands.h"
#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/pubsub_pattern.h"
#include "patterns/pubsub/subscriber.h"
#include "patterns/trace_taps.h"

namespace cs::pubsub::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> world(nlohmann::json options, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.pattern = "pubsub";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = 1u << 12;
  return std::make_unique<Simulation>(std::move(config));
}

inline const Broker& broker(const Simulation& sim) {
  return static_cast<const Broker&>(sim.kernel().node(kBroker));
}
inline const Publisher& publisher(const Simulation& sim) {
  return static_cast<const Publisher&>(sim.kernel().node(kProfile));
}
inline const Subscriber& subscriber(const Simulation& sim, NodeId n) {
  return static_cast<const Subscriber&>(sim.kernel().node(n));
}
// The subscription a subscriber node consumes.
inline const Subscription& subscriptionOf(const Simulation& sim, NodeId n) {
  return broker(sim).subscription(n - kEmail);
}

template <class C>
const C& checker(const Simulation& sim) {
  for (const auto& c : sim.checkers())
    if (const auto* found = dynamic_cast<const C*>(c.get())) return *found;
  throw std::logic_error("no such checker");
}

// The first field row with this name, or "" if none.
inline std::string row(const NodeSnapshot& s, const std::string& name) {
  for (const auto& [k, v] : s.fields)
    if (k == name) return v;
  return {};
}

using Listener = taps::Tap;

using taps::Milestones;

}  // namespace cs::pubsub::testing
