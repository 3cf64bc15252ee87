// What the window draws of the Strangler Fig pattern: the facade's route
// table (each route's stage, canary weight and shadow ledger), the legacy
// monolith and the new services that grow around it, and how far the new
// stores lag behind the legacy database. Plain values built on the kernel
// thread by FigPattern::view() from one instant; immutable afterwards, so any
// thread may read them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/rpc/service_view.h"
#include "clusterscope/time.h"

namespace cs::strangler_fig {

// The legacy shop's routes: the rows of the facade's route table.
inline constexpr int kRouteCount = 12;

// Where a route of the facade's table sends its traffic. A route moves
// forward one stage at a time and can be rolled back to Legacy from any
// stage but Retired, in one update of the table.
enum class Stage : std::uint8_t {
  Legacy = 0,    // the monolith serves it; the new service sees nothing
  Shadow = 1,    // the monolith answers; the new service gets a mirrored copy, compared
  Canary = 2,    // a weighted share of real traffic goes to the new service
  Migrated = 3,  // the new service serves all of it; the monolith still could
  Retired = 4,   // the monolith's code for the route is gone; no way back
};
inline constexpr int kStages = 5;
// The canary's weights in order; after the last the route is migrated.
inline constexpr std::array<int, 4> kCanaryWeights = {5, 25, 50, 100};
const char* stageName(Stage stage);

// How one mirrored request ended, as GitHub's Scientist and Twitter's Diffy
// sort them. Every mirrored request ends in exactly one.
enum class ShadowOutcome : std::uint8_t {
  Match = 0,           // the candidate's answer equals legacy's, noise fields aside
  Mismatch = 1,        // it differs in a field the noise baseline says is stable
  Ignored = 2,         // not comparable: legacy failed, or the candidate's data was older
  CandidateError = 3,  // the candidate answered that it failed
  Timeout = 4,         // the candidate did not answer in time (or the facade crashed)
};
inline constexpr int kShadowOutcomes = 5;
const char* shadowOutcomeName(ShadowOutcome outcome);

// The canary analysis' last verdict on a route.
enum class Verdict : std::uint8_t {
  None = 0,          // not analysed yet at this weight
  Inconclusive = 1,  // too few requests to judge
  Healthy = 2,       // error rate and latency within bounds of legacy's
  Failing = 3,       // outside them: the rollout aborts and rolls back
};
const char* verdictName(Verdict verdict);

// How data reaches the new services.
enum class DataSync : std::uint8_t {
  ChangeDataCapture = 0,  // a connector tails the legacy database's change log
  DualWrite = 1,          // the facade writes the legacy store, then the new one
};

// One update of a route's row in the table: where the route stands from
// `at` on. A route's history is the migration map's lane for it.
struct RouteChange {
  SimTime at{};
  Stage stage = Stage::Legacy;
  int weight = 0;         // percent to the new service from `at` on
  bool rollback = false;  // this update rolled the route back to legacy
};

struct RouteView {
  int index = 0;
  std::string name;        // "prices"
  std::string capability;  // the new service that captures it: "pricing"
  bool write = false;      // a write route (changes data) or a read route
  Stage stage = Stage::Legacy;
  int weight = 0;  // percent of real traffic to the new service (Canary; 100 when Migrated)
  std::array<std::uint64_t, kShadowOutcomes> shadow{};  // ledger, by ShadowOutcome
  std::uint64_t shadowInFlight = 0;                     // mirrored, not yet compared
  std::uint64_t mirrored = 0;
  Verdict verdict = Verdict::None;
  std::uint64_t rollbacks = 0;
  std::uint64_t servedLegacy = 0;  // client requests answered by each implementation
  std::uint64_t servedNew = 0;
  std::uint64_t failedLegacy = 0;  // of those, failed (error, rejected, timed out)
  std::uint64_t failedNew = 0;
  std::vector<RouteChange> history;  // every update of the route, oldest first
};

struct NewServiceView {
  rpc::ServiceView service;
  std::string capability;
  bool priceBug = false;     // the seeded rounding error on some prices
  bool checkoutBug = false;  // checkout fails: the payment gateway is misconfigured
  SimDuration lag{0};        // CDC: how old the oldest change not yet applied is
  std::uint64_t pendingChanges = 0;
  std::uint64_t diverged = 0;  // entities whose version differs from legacy's
};

class FigView : public PatternView {
 public:
  std::vector<RouteView> routes;
  rpc::ServiceView legacy;
  rpc::ServiceView legacySecondary;  // the noise baseline's second instance
  bool legacyOn = true;              // false once every route is retired and it is switched off
  std::vector<NewServiceView> services;
  std::vector<NodeId> facades;
  std::vector<rpc::ClientView> clients;
  NodeId controller = kNoNode;
  NodeId sync = kNoNode;  // the CDC connector or reconciler
  DataSync dataSync = DataSync::ChangeDataCapture;
  // Change data capture stopped at cdcStoppedAt: the legacy database was
  // switched off with the monolith, so there is nothing left to capture and
  // no lag to speak of.
  bool cdcStopped = false;
  SimTime cdcStoppedAt{};
  bool reconcile = true;
  bool mirrorWrites = false;  // the unsafe switch
  bool shadowOn = true;       // shadow routes are mirrored (off: legacy alone serves them)
  bool autoAnalysis = true;
  std::uint64_t doubleCharges = 0;
  std::uint64_t reconciled = 0;  // entities the reconciler repaired
};

}  // namespace cs::strangler_fig
