// Helpers shared by the tests of the Strangler Fig pattern: building a
// Simulation of its world, pattern commands, access to its parts, and a
// listener that counts milestones as they happen. Test thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "clusterscope/simulation.h"
#include "patterns/commands.h"
#include "patterns/strangler_fig/data_sync.h"
#include "patterns/strangler_fig/fig_checkers.h"
#include "patterns/strangler_fig/fig_pattern.h"
#include "patterns/strangler_fig/shop_client.h"
#include "patterns/strangler_fig/shop_services.h"

namespace cs::strangler_fig::testing {

using test_commands::fault;
using test_commands::verb;

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

inline std::unique_ptr<Simulation> world(nlohmann::json options, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.pattern = "strangler-fig";
  config.options = std::move(options);
  config.seed = seed;
  config.kernel.traceCapacity = 1u << 12;
  return std::make_unique<Simulation>(std::move(config));
}

inline const FigPattern& fig(const Simulation& sim) {
  return static_cast<const FigPattern&>(sim.pattern());
}
inline const RouteState& route(const Simulation& sim, const char* name) {
  return fig(sim).table().route(*routeByName(name));
}
inline const ShopClient& client(const Simulation& sim) {
  return static_cast<const ShopClient&>(sim.kernel().node(kClient));
}
inline std::uint64_t compared(const RouteState& s) {
  std::uint64_t n = 0;
  for (auto c : s.shadow) n += c;
  return n;
}
inline std::uint64_t outcome(const RouteState& s, ShadowOutcome o) {
  return s.shadow[static_cast<std::size_t>(o)];
}
inline std::string violations(const Simulation& sim) {
  std::string all;
  for (const auto& v : sim.violations()) all += v.text + "\n";
  return all;
}

template <class C>
const C& checker(const Simulation& sim) {
  for (const auto& c : sim.checkers())
    if (const auto* found = dynamic_cast<const C*>(c.get())) return *found;
  throw std::logic_error("no such checker");
}

// Counts a milestone as it is appended (the ring keeps only the recent ones).
class Count : public TraceListener {
 public:
  Count(Simulation& sim, const char* name)
      : sim_(sim), label_(*sim.kernel().vocabulary().find(LabelKind::Milestone, name)) {
    sim.kernel().trace().addListener(this);
  }
  ~Count() override { sim_.kernel().trace().removeListener(this); }
  Count(const Count&) = delete;
  Count& operator=(const Count&) = delete;
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone && r.label == label_) {
      ++n;
      last = r;
    }
  }
  std::uint64_t n = 0;
  TraceRecord last;

 private:
  Simulation& sim_;
  Label label_;
};

}  // namespace cs::strangler_fig::testing
