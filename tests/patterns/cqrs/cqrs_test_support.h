// Helpers shared by the tests of the CQRS pattern: building a Simulation of
// its world, pattern commands, access to its nodes, and a listener that
// keeps milestones as they happen. Test thread only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/commands.h"
#include "patterns/cqrs/browse_client.h"
#include "patterns/cqrs/cqrs_checker.h"
#include "patterns/cqrs/cqrs_pattern.h"
#include "patterns/cqrs/one_model_db.h"
#include "patterns/cqrs/order_client.h"
#include "patterns/cqrs/projection_plan.h"
#include "patterns/cqrs/projector.h"
#include "patterns/cqrs/read_replica.h"
#include "patterns/event_sourcing/store_node.h"
#include "patterns/trace_taps.h"

namespace cs::cqrs::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> world(nlohmann::json options, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.pattern = "cqrs";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = 1u << 12;
  return std::make_unique<Simulation>(std::move(config));
}

inline const CqrsPattern& pattern(const Simulation& sim) {
  return static_cast<const CqrsPattern&>(sim.pattern());
}
inline const event_sourcing::StoreNode& storeNode(const Simulation& sim) {
  return static_cast<const event_sourcing::StoreNode&>(sim.kernel().node(kStore));
}
inline const event_sourcing::EventStore& store(const Simulation& sim) {
  return static_cast<const event_sourcing::StoreNode&>(sim.kernel().node(kStore)).store();
}
inline const Projector& projector(const Simulation& sim, int i) {
  return static_cast<const Projector&>(sim.kernel().node(pattern(sim).projector(i)));
}
// The projector keeping the read model queries of this kind read.
inline NodeId projectorNode(const Simulation& sim, QueryKind kind) {
  return pattern(sim).projector(projectorFor(kind, pattern(sim).projectors()));
}
// The lowest position of any projector: every read model has every event up to it.
inline Position projected(const Simulation& sim) {
  Position p = projector(sim, 0).position();
  for (int i = 1; i < pattern(sim).projectors(); ++i) p = std::min(p, projector(sim, i).position());
  return p;
}
// Summed over the projectors.
template <class F>
std::uint64_t everyProjector(const Simulation& sim, F count) {
  std::uint64_t n = 0;
  for (int i = 0; i < pattern(sim).projectors(); ++i) n += count(projector(sim, i));
  return n;
}
inline const ReadReplica& replica(const Simulation& sim, int i) {
  return static_cast<const ReadReplica&>(sim.kernel().node(pattern(sim).replica(i)));
}
inline const OrderClient& shoppers(const Simulation& sim) {
  return static_cast<const OrderClient&>(sim.kernel().node(kShoppers));
}
inline const BrowseClient& browsers(const Simulation& sim) {
  return static_cast<const BrowseClient&>(sim.kernel().node(kBrowsers));
}

template <class C>
C& checker(const Simulation& sim) {
  for (const auto& c : sim.checkers())
    if (auto* found = dynamic_cast<C*>(c.get())) return *found;
  throw std::logic_error("no such checker");
}

// The first violation, "" if none.
inline std::string firstViolation(const Simulation& sim) {
  if (sim.violations().empty()) return {};
  return sim.violations().front().text;
}

// True if some violation so far mentions `words`.
inline bool anyViolation(const Simulation& sim, const std::string& words) {
  for (const Violation& v : sim.violations())
    if (v.text.find(words) != std::string::npos) return true;
  return false;
}

using taps::Milestones;

}  // namespace cs::cqrs::testing
