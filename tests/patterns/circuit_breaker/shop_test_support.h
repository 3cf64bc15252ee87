// Helpers shared by the tests of the Circuit Breaker pattern's shop: building
// a Simulation of it, pattern commands, and a trace listener that measures
// how long the clients waited for their answers. Test thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/circuit_breaker/guarded_service.h"
#include "patterns/circuit_breaker/shop_pattern.h"
#include "patterns/commands.h"
#include "patterns/trace_taps.h"
#include "rpc/load_generator.h"

namespace cs::circuit_breaker::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> shop(nlohmann::json options, std::uint64_t seed,
                                        std::size_t traceCapacity = 1u << 12) {
  SimulationConfig config;
  config.pattern = "circuit-breaker";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = traceCapacity;
  return std::make_unique<Simulation>(std::move(config));
}

inline const rpc::LoadGenerator& client(const Simulation& sim, NodeId id) {
  return static_cast<const rpc::LoadGenerator&>(sim.kernel().node(id));
}

inline const GuardedService& orders(const Simulation& sim) {
  return static_cast<const GuardedService&>(sim.kernel().node(kOrders));
}

// A client's outcomes, counted from a moment on.
struct Tally {
  std::uint64_t ok = 0, failed = 0;
  std::uint64_t total() const { return ok + failed; }
  double successRatio() const { return total() ? static_cast<double>(ok) / total() : 1.0; }
};

inline Tally tally(const rpc::LoadGenerator& c) {
  return {c.outcomes(rpc::Status::Ok), c.outcomes(rpc::Status::Error) +
                                           c.outcomes(rpc::Status::Rejected) +
                                           c.outcomes(rpc::Status::Timeout)};
}

inline Tally since(const Tally& now, const Tally& before) {
  return {now.ok - before.ok, now.failed - before.failed};
}

// Counts how long a client's requests waited for a reply: a request sent
// from `from` to the frontend and answered within `fast` counts as fast.
class AnswerTimes : public taps::Tap {
 public:
  AnswerTimes(Simulation& sim, NodeId from, SimDuration fast) : Tap(sim), from_(from), fast_(fast) {
    const auto& v = sim.kernel().vocabulary();
    request_ = *v.find(LabelKind::Message, "Request");
    reply_ = *v.find(LabelKind::Message, "Reply");
  }

  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.label == request_ && r.node == from_ && !r.flags)
      sent_[r.msg] = r.at;
    if (r.kind == TraceKind::Delivered && r.label == reply_ && r.peer == from_) {
      auto it = sent_.find(r.cause);
      if (it == sent_.end()) return;
      if (counting_) (r.at - it->second <= fast_ ? fast : slow) += 1;
      sent_.erase(it);
    }
  }
  // Counts only replies delivered while counting.
  void count(bool on) { counting_ = on; }

  std::uint64_t fast = 0, slow = 0;

 private:
  NodeId from_;
  SimDuration fast_;
  Label request_ = kNoLabel, reply_ = kNoLabel;
  bool counting_ = false;
  std::map<MessageId, SimTime> sent_;
};

// The labels of the breaker's milestones, in the order they happened.
inline std::vector<std::string> breakerMilestones(const Simulation& sim) {
  std::vector<std::string> out;
  const Trace& t = sim.kernel().trace();
  for (std::uint64_t s = t.firstRetained(); s <= t.count(); ++s) {
    const TraceRecord& r = t.at(s);
    if (r.kind != TraceKind::Milestone) continue;
    const std::string& name = sim.kernel().vocabulary().info(r.label).name;
    if (name.rfind("breaker-", 0) == 0) out.push_back(name);
  }
  return out;
}

}  // namespace cs::circuit_breaker::testing
