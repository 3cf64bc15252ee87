// Helpers shared by the Leader Election tests: building a simulation,
// issuing commands, recording milestones and reaching into a server's public
// observations. Time advances only through Simulation::runUntil/step.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/leader_election/client_node.h"
#include "patterns/leader_election/raft_node.h"

namespace cs::leader_election::testing {

constexpr SimTime ms(std::int64_t n) {
  return SimTime{n * 1000};
}

// A milestone or message as the tests look at it.
struct Seen {
  std::string name;
  SimTime at{};
  NodeId node = kNoNode;
  NodeId peer = kNoNode;
  std::array<std::int64_t, 6> v{};
  TraceKind kind = TraceKind::Milestone;
};

// Records milestones, sent messages and deliveries, by name, for the whole run.
class Recorder : public TraceListener {
 public:
  explicit Recorder(Simulation& sim) : sim_(sim) { sim_.kernel().trace().addListener(this); }
  ~Recorder() override { sim_.kernel().trace().removeListener(this); }

  void onRecord(const TraceRecord& r) override {
    if (r.kind != TraceKind::Milestone && r.kind != TraceKind::Sent &&
        r.kind != TraceKind::Delivered)
      return;
    seen.push_back(
        Seen{sim_.kernel().vocabulary().info(r.label).name, r.at, r.node, r.peer, r.v, r.kind});
  }

  // Milestones (or, with kind, messages) named `name`, optionally at `node`.
  std::vector<Seen> all(const std::string& name, TraceKind kind = TraceKind::Milestone,
                        std::optional<NodeId> node = std::nullopt) const {
    std::vector<Seen> out;
    for (const auto& s : seen)
      if (s.kind == kind && s.name == name && (!node || s.node == *node)) out.push_back(s);
    return out;
  }
  std::size_t count(const std::string& name, std::optional<NodeId> node = std::nullopt) const {
    return all(name, TraceKind::Milestone, node).size();
  }

  std::vector<Seen> seen;

 private:
  Simulation& sim_;
};

inline SimulationConfig raftConfig(nlohmann::json options, std::uint64_t seed) {
  SimulationConfig config;
  config.pattern = "leader-election";
  config.options = std::move(options);
  config.seed = seed;
  return config;
}

inline std::unique_ptr<Simulation> makeSim(nlohmann::json options = nlohmann::json::object(),
                                           std::uint64_t seed = 1) {
  return std::make_unique<Simulation>(raftConfig(std::move(options), seed));
}

inline const RaftNode& server(const Simulation& sim, NodeId id) {
  return static_cast<const RaftNode&>(sim.kernel().node(id));
}

inline const ClientNode& client(const Simulation& sim) {
  return static_cast<const ClientNode&>(sim.kernel().node(sim.kernel().nodeCount() - 1));
}

inline void command(Simulation& sim, CommandKind kind, NodeId node = kNoNode,
                    NodeId peer = kNoNode) {
  Command c;
  c.kind = kind;
  c.node = node;
  c.peer = peer;
  sim.apply(std::move(c));
}

inline void partition(Simulation& sim, std::vector<std::vector<NodeId>> groups) {
  Command c;
  c.kind = CommandKind::Partition;
  c.groups = std::move(groups);
  sim.apply(std::move(c));
}

inline void verb(Simulation& sim, std::string name, std::vector<std::string> args) {
  Command c;
  c.kind = CommandKind::Pattern;
  c.verb = std::move(name);
  c.args = std::move(args);
  sim.apply(std::move(c));
}

inline void clientWrite(Simulation& sim, const std::string& key, const std::string& value,
                        std::optional<NodeId> node = std::nullopt) {
  std::vector<std::string> args{key, value};
  if (node) args.push_back(std::to_string(*node));
  verb(sim, "client-write", std::move(args));
}

// Runs in small slices until `done()` holds or `limit` of simulated time has
// passed; returns whether it held.
template <class Pred>
bool runUntil(Simulation& sim, SimDuration limit, Pred done, SimDuration slice = ms(5)) {
  const SimTime end = sim.now() + limit;
  while (!done()) {
    if (sim.now() >= end) return false;
    sim.runUntil(std::min(end, sim.now() + slice));
  }
  return true;
}

// Runs until there is a leader; returns it.
inline std::optional<NodeId> awaitLeader(Simulation& sim, SimDuration limit = ms(3000)) {
  std::optional<NodeId> leader;
  runUntil(sim, limit, [&] { return (leader = sim.resolve("leader")).has_value(); });
  return leader;
}

// Runs until the client has no pending writes.
inline bool awaitWrites(Simulation& sim, SimDuration limit = ms(5000)) {
  return runUntil(sim, limit, [&] { return client(sim).pending().empty(); });
}

inline void expectNoViolations(const Simulation& sim) {
  for (const auto& v : sim.violations())
    ADD_FAILURE() << "invariant \"" << v.checker << "\" violated at " << v.at.count()
                  << " us: " << v.text;
}

}  // namespace cs::leader_election::testing
