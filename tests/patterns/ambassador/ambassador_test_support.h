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

// Milestones with this name, counted as they happen.
class MilestoneCount : public Listener {
 public:
  MilestoneCount(Simulation& sim, const char* name)
      : Listener(sim), label_(*sim.kernel().vocabulary().find(LabelKind::Milestone, name)) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone && r.label == label_) ++count;
  }
  std::uint64_t count = 0;

 private:
  Label label_;
};

}  // namespace cs::ambassador::testing
