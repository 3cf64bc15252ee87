// Helpers shared by the tests of the Event Sourcing pattern: building a
// Simulation of its world, pattern commands, access to its nodes, and a
// listener that keeps milestones as they happen. Test thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/commands.h"
#include "patterns/event_sourcing/analytics.h"
#include "patterns/event_sourcing/command_handler.h"
#include "patterns/event_sourcing/crud_twin.h"
#include "patterns/event_sourcing/es_pattern.h"
#include "patterns/event_sourcing/shop_client.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::event_sourcing::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> world(nlohmann::json options, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.pattern = "event-sourcing";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = 1u << 12;
  return std::make_unique<Simulation>(std::move(config));
}

inline const StoreNode& storeNode(const Simulation& sim) {
  return static_cast<const StoreNode&>(sim.kernel().node(kStore));
}
inline const EventStore& store(const Simulation& sim) {
  return storeNode(sim).store();
}
inline const CommandHandler& handler(const Simulation& sim, int i) {
  return static_cast<const CommandHandler&>(
      sim.kernel().node(kFirstHandler + static_cast<NodeId>(i)));
}
inline const ShopClient& client(const Simulation& sim, NodeId n) {
  return static_cast<const ShopClient&>(sim.kernel().node(n));
}
inline const Analytics& analytics(const Simulation& sim) {
  return static_cast<const Analytics&>(sim.kernel().node(kAnalytics));
}
inline const CrudTwin& crud(const Simulation& sim) {
  return static_cast<const CrudTwin&>(sim.kernel().node(kCrud));
}
inline Aggregate product(const Simulation& sim, std::int64_t p) {
  const ShopStreams streams{static_cast<const EsPattern&>(sim.pattern()).options().products};
  return foldAll(store(sim), streams, streams.product(p));
}

template <class C>
const C& checker(const Simulation& sim) {
  for (const auto& c : sim.checkers())
    if (const auto* found = dynamic_cast<const C*>(c.get())) return *found;
  throw std::logic_error("no such checker");
}

// Every milestone with this name, as it is appended (the ring keeps only
// the recent ones).
class Milestones : public TraceListener {
 public:
  Milestones(Simulation& sim, const char* name)
      : sim_(sim), label_(*sim.kernel().vocabulary().find(LabelKind::Milestone, name)) {
    sim.kernel().trace().addListener(this);
  }
  ~Milestones() override { sim_.kernel().trace().removeListener(this); }
  Milestones(const Milestones&) = delete;
  Milestones& operator=(const Milestones&) = delete;
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone && r.label == label_) seen.push_back(r);
  }
  std::size_t size() const { return seen.size(); }
  std::vector<TraceRecord> seen;

 private:
  Simulation& sim_;
  Label label_;
};

}  // namespace cs::event_sourcing::testing
