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

// Counts records as they are appended (the ring keeps only the recent ones).
class Listener : public TraceListener {
 public:
  explicit Listener(Simulation& sim) : sim_(sim) { sim.kernel().trace().addListener(this); }
  ~Listener() override { sim_.kernel().trace().removeListener(this); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 protected:
  Simulation& sim_;
};

// Every milestone with this name, with the node that traced it.
class Milestones : public Listener {
 public:
  Milestones(Simulation& sim, const char* name)
      : Listener(sim), label_(*sim.kernel().vocabulary().find(LabelKind::Milestone, name)) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone && r.label == label_) seen.push_back(r);
  }
  std::size_t at(NodeId node) const {
    std::size_t n = 0;
    for (const auto& r : seen) n += r.node == node;
    return n;
  }
  std::vector<TraceRecord> seen;

 private:
  Label label_;
};

}  // namespace cs::pubsub::testing
