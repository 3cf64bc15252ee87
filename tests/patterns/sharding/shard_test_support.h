// Helpers shared by the tests of the Sharding pattern: building a
// Simulation of its world, its nodes by kind, and what "settled" means
// after the faults heal. Test thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/commands.h"
#include "patterns/sharding/config_server.h"
#include "patterns/sharding/placement.h"
#include "patterns/sharding/router.h"
#include "patterns/sharding/shard_node.h"
#include "patterns/sharding/sharding_checker.h"
#include "patterns/sharding/sharding_pattern.h"

namespace cs::sharding::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> world(nlohmann::json options, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.pattern = "sharding";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = 1u << 12;
  return std::make_unique<Simulation>(std::move(config));
}

// Four shards, two in "eu" (shard-1, shard-3) and two in "us" (shard-2,
// shard-4); router-1 in eu serves EU customers (keys below 50,000),
// router-2 in us the rest. The ranged map starts with shard-1 and shard-2
// holding the EU keys, so half of them live across the ocean.
inline nlohmann::json regions() {
  return {{"mode", "ranged"},    {"shards", 4},
          {"chunksPerShard", 2}, {"keySpace", 100'000},
          {"preload", 800},      {"rate", 60},
          {"scanShare", 0},      {"maxChunkKeys", 100'000},
          {"splitOps", 100'000}, {"shardRegions", {"eu", "us"}},
          {"regionLatency", 40}, {"clientKeys", {{0, 50'000}, {50'000, 100'000}}}};
}

inline const ConfigServer& config(const Simulation& sim) {
  return configOf(sim.kernel());
}
inline const ShardNode& shard(const Simulation& sim, NodeId n) {
  return shardOf(sim.kernel(), n);
}
inline const Router& router(const Simulation& sim, int i) {
  return routerOf(sim.kernel(), kFirstRouter + static_cast<NodeId>(i));
}

template <class C>
const C& checker(const Simulation& sim) {
  for (const auto& c : sim.checkers())
    if (const auto* found = dynamic_cast<const C*>(c.get())) return *found;
  throw std::logic_error("no such checker");
}

// The shard donating a chunk now, before its range deletion; kNoNode if none.
inline NodeId donorNow(const Simulation& sim) {
  for (NodeId n = kFirstShard; n < sim.kernel().nodeCount(); ++n)
    if (const auto& d = shard(sim, n).donation(); d && d->phase != Phase::RangeDeletion) return n;
  return kNoNode;
}

// Every migration over, and nothing more the balancer would move.
inline std::string unsettled(const Simulation& sim) {
  const ConfigServer& c = config(sim);
  for (NodeId n = kFirstShard; n < sim.kernel().nodeCount(); ++n) {
    const ShardNode& s = shard(sim, n);
    if (s.donation() && s.donation()->phase != Phase::RangeDeletion)
      return sim.kernel().vocabulary().nodeName(n) + " is still donating (migration " +
             std::to_string(s.donation()->id) + ", " + phaseName(s.donation()->phase) + ")";
    if (s.receiving()) return sim.kernel().vocabulary().nodeName(n) + " is still receiving";
  }
  if (!c.draining().empty()) return "a shard is still draining";
  std::vector<NodeId> live = c.members();
  const int threshold =
      c.balancerOn() ? static_cast<const ShardingPattern&>(sim.pattern()).options().balanceThreshold
                     : 1 << 30;
  const auto moves = planMoves(*c.map(), live, {}, {},
                               static_cast<const ShardingPattern&>(sim.pattern()).options().vnodes,
                               threshold, c.balancerOn() ? c.zones() : ZoneRules{});
  if (!moves.empty()) {
    std::string s = std::to_string(moves.size()) + " moves still due, e.g. " +
                    sim.kernel().vocabulary().nodeName(moves.front().donor) + " to " +
                    sim.kernel().vocabulary().nodeName(moves.front().recipient) +
                    "; the balancer counts " + std::to_string(c.running().size()) + " running";
    for (const auto& r : c.running())
      s += ", " + std::to_string(r.id) + " " + sim.kernel().vocabulary().nodeName(r.donor) + "->" +
           sim.kernel().vocabulary().nodeName(r.recipient);
    return s;
  }
  return {};
}

// A chunk inside a zone range owned outside the zone's region, or a chunk
// across a zone's edge; empty if none.
inline std::string misplaced(const Simulation& sim) {
  const ZoneRules& z = config(sim).zones();
  for (const Chunk& c : config(sim).map()->chunks)
    if (const int zone = z.zoneOf(c.range); zone >= 0 && z.region(c.owner) != zone)
      return "chunk at " + std::to_string(c.range.lo) + " of a zone sits on " +
             sim.kernel().vocabulary().nodeName(c.owner);
  if (!zoneCuts(*config(sim).map(), z.ranges).empty()) return "a chunk runs across a zone edge";
  return {};
}

inline std::string firstViolation(const Simulation& sim) {
  if (sim.violations().empty()) return {};
  const Violation& v = sim.violations().front();
  return "at " + std::to_string(toSeconds(v.at)) + " s: " + v.checker + ": " + v.text;
}

}  // namespace cs::sharding::testing
