// Helpers shared by the tests of the Ambassador pattern: building a
// Simulation of it, pattern commands, and access to its nodes. Test thread
// only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/ambassador/ambassador_pattern.h"
#include "patterns/ambassador/inbound_ambassador.h"
#include "patterns/commands.h"
#include "patterns/trace_taps.h"
#include "rpc/load_generator.h"

namespace cs::ambassador::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> world(nlohmann::json options, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.pattern = "ambassador";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = 1u << 12;
  return std::make_unique<Simulation>(std::move(config));
}

inline const OutboundAmbassador& outbound(const Simulation& sim) {
  return static_cast<const OutboundAmbassador&>(sim.kernel().node(kAmbassador));
}

inline const InboundAmbassador& inbound(const Simulation& sim, NodeId n) {
  return static_cast<const InboundAmbassador&>(sim.kernel().node(n));
}

inline const rpc::LoadGenerator& generator(const Simulation& sim, NodeId n) {
  return static_cast<const rpc::LoadGenerator&>(sim.kernel().node(n));
}

inline Label message(const Simulation& sim, const char* name) {
  return *sim.kernel().vocabulary().find(LabelKind::Message, name);
}

using Listener = taps::Tap;

using taps::MilestoneCount;
using taps::Milestones;

}  // namespace cs::ambassador::testing
