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
#include "patterns/leader_election/raft_checkers.h"
#include "patterns/leader_election/raft_node.h"
#include "patterns/trace_taps.h"

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
class Recorder : public taps::Tap {
 public:
  using Tap::Tap;

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

class Puppet : public Node {
 public:
  void onMessage(const Message&) override {}
  void onTimer(TimerHandle, std::uint64_t) override {}
  void onCrash() override {}
  using Node::send;
};

// Three real servers (0..2) that never time out on their own, a puppet (3)
// that sends whatever a test scripts, and the pattern's checkers. The puppet
// can pose as a leader and make servers hold or commit entries that no
// correct leader would send, or hand a real server its vote.
struct PuppetRig {
  PuppetRig() : kernel(1) {
    Options o;
    o.electionTimeoutMin = ms(60'000);
    o.electionTimeoutMax = ms(61'000);
    o.latency = ms(1);
    o.jitter = SimDuration{0};
    words = defineWords(kernel);
    for (int i = 0; i < 3; ++i) {
      auto n = std::make_unique<RaftNode>(o, words, 3);
      servers.push_back(n.get());
      kernel.addNode(std::move(n));
    }
    auto p = std::make_unique<Puppet>();
    puppet = p.get();
    kernel.addNode(std::move(p));
    kernel.network().setDefaultLink(o.link());
    safety = std::make_unique<ElectionSafetyChecker>(words.leaderElected);
    entries = std::make_unique<CommittedEntriesChecker>(words.leaderElected, 3);
    kernel.trace().addListener(safety.get());
    kernel.trace().addListener(entries.get());
    kernel.runUntil(kernel.now());  // starts the servers
  }
  ~PuppetRig() {
    kernel.trace().removeListener(safety.get());
    kernel.trace().removeListener(entries.get());
  }

  // The puppet, posing as leader of `term`, tells `to` to hold `entries`
  // after prevLogIndex and to commit up to leaderCommit.
  void append(NodeId to, std::int64_t term, std::int64_t prevLogIndex, std::int64_t prevLogTerm,
              std::vector<LogEntry> list, std::int64_t leaderCommit) {
    Message m;
    m.to = to;
    m.kind = words.appendEntries;
    m.fields = AppendEntries{term, prevLogIndex, prevLogTerm, leaderCommit,
                             static_cast<std::int64_t>(list.size())}
                   .fields();
    if (!list.empty()) m.payload = std::make_shared<const EntriesPayload>(std::move(list));
    puppet->send(std::move(m));
    run(ms(5));
  }

  void run(SimDuration d) {
    const SimTime end = kernel.now() + d;
    while (kernel.nextEventTime() && *kernel.nextEventTime() <= end) {
      kernel.step();
      for (Checker* c :
           {static_cast<Checker*>(safety.get()), static_cast<Checker*>(entries.get())}) {
        c->afterEvent(kernel);
        for (auto& v : c->takeViolations()) violations.push_back(v);
      }
      for (std::uint64_t s = seen_ + 1; s <= kernel.trace().count(); ++s) {
        const TraceRecord& r = kernel.trace().at(s);
        if (r.kind == TraceKind::Milestone) milestones.push_back(r);
      }
      seen_ = kernel.trace().count();
    }
    kernel.runUntil(end);
  }

  Kernel kernel;
  Words words;
  std::vector<RaftNode*> servers;
  Puppet* puppet = nullptr;
  std::unique_ptr<ElectionSafetyChecker> safety;
  std::unique_ptr<CommittedEntriesChecker> entries;
  std::vector<std::string> violations;
  std::vector<TraceRecord> milestones;

 private:
  std::uint64_t seen_ = 0;
};

inline LogEntry entry(std::int64_t term, const char* key, const char* value) {
  return LogEntry{term, key, value, kNoNode, 0};
}

}  // namespace cs::leader_election::testing
