// The facade's route table: for each route its stage and canary weight, and
// what the facade replicas observed of it (who served its requests and how
// they ended; the shadow ledger; the noise baseline's fields). It is the
// facade's configuration, kept where every replica reads it (a config store),
// so one update moves a route for all replicas at once and it survives a
// replica's crash. The rollout controller and the user's commands change
// it; the facades read it per request. Kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "clusterscope/strangler_fig/fig_view.h"
#include "clusterscope/time.h"
#include "patterns/strangler_fig/shop_routes.h"
#include "rpc/recent_outcomes.h"

namespace cs::strangler_fig {

// What one implementation did with a route's real traffic since a moment.
struct Window {
  std::uint64_t requests = 0;
  std::uint64_t failed = 0;
  SimDuration latency{0};  // summed over requests
  void add(bool ok, SimDuration l) {
    ++requests;
    failed += ok ? 0 : 1;
    latency += l;
  }
  SimDuration meanLatency() const {
    return requests ? latency / static_cast<std::int64_t>(requests) : SimDuration{0};
  }
  // Percent of requests that failed; 0 with none.
  double errorPercent() const { return requests ? 100.0 * failed / requests : 0.0; }
};

struct RouteState {
  Stage stage = Stage::Legacy;
  int weightStep = 0;            // Canary: index into kCanaryWeights
  SimTime since{};               // when the route reached its stage or weight
  std::uint64_t generation = 0;  // table updates that touched this route
  // The shadow ledger, by ShadowOutcome, and the copies still being compared.
  std::array<std::uint64_t, kShadowOutcomes> shadow{};
  std::uint64_t mirrored = 0;
  std::uint64_t comparing = 0;
  // Reply fields in which two legacy instances have been seen to differ:
  // noise (bit f for ReplyField f), never a reason for a mismatch.
  std::uint32_t noise = 0;
  Verdict verdict = Verdict::None;
  std::uint64_t rollbacks = 0;
  // Real traffic by implementation: since the run began, and since the
  // current canary weight began (the analysis' window).
  Window legacyTotal, newTotal, legacyWindow, newWindow;
  rpc::RecentOutcomes recent;  // every client request of the route, for failed_5s
  // Every update of the route, oldest first: the starting table's included.
  // A handful per route; the window draws it as the route's lane.
  std::vector<RouteChange> history;

  int weight() const {
    if (stage == Stage::Canary) return kCanaryWeights[static_cast<std::size_t>(weightStep)];
    return stage >= Stage::Migrated ? 100 : 0;
  }
};

class RouteTable {
 public:
  RouteTable() : routes_(kRoutes) {}
  const RouteState& route(int r) const { return routes_[static_cast<std::size_t>(r)]; }
  RouteState& route(int r) { return routes_[static_cast<std::size_t>(r)]; }
  std::uint64_t generation() const { return generation_; }

  // ---- Updates: each is one update of the table, seen by every replica ----
  // Moves a route one stage on: Legacy -> Shadow -> Canary 5% -> 25% -> 50%
  // -> 100% -> Migrated -> Retired. Returns false (and changes nothing) at
  // Retired.
  bool advance(int r, SimTime now);
  // Back to Legacy from any stage but Retired (the monolith no longer has
  // the code). Returns false, changing nothing, at Legacy or Retired.
  bool rollback(int r, SimTime now);
  // The route to canary at kCanaryWeights[weightStep], from any stage: the
  // user's hand on the weight. Returns false, changing nothing, at Retired
  // or when the route is already at that weight.
  bool setWeight(int r, int weightStep, SimTime now);
  // Every route not yet migrated straight to Migrated: the big-bang cutover.
  void cutover(SimTime now);
  // Sets a stage directly, for the scenario's starting table.
  void set(int r, Stage stage, int weightStep, SimTime now);

 private:
  void touched(RouteState& s, SimTime now, bool rollback = false);
  std::vector<RouteState> routes_;
  std::uint64_t generation_ = 0;
};

}  // namespace cs::strangler_fig
