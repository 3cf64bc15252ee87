// The Strangler Fig pattern's milestones, registered once per kernel, and
// its metrics. Requests and replies are the RPC layer's (rpc_system.h): a
// route's request has method = route index and args {key, value, flags}.
// Kernel thread only.
//
// Metric names, for a route R and a new service S:
//   fig.R.{match,mismatch,ignored,candidate_error,shadow_timeout}  the shadow ledger
//   fig.R.{legacy_ok,legacy_failed,new_ok,new_failed}              real traffic by implementation
//   fig.R.stage (State), fig.R.weight (Percent)                     the route table
//   fig.R.failed_5s (Percent)       of R's client requests in the last 5 s, the share that failed
//   fig.R.{legacy_ms,new_ms}        mean latency at the current weight, microseconds
//   cdc.S.lag_us, cdc.S.pending, cdc.S.diverged   S's store behind the legacy database
//   fig.double_charges, fig.reconciled, fig.diverged (entities, all new stores)
#pragma once

#include <array>

#include "clusterscope/kernel.h"
#include "patterns/strangler_fig/shop_routes.h"

namespace cs::strangler_fig {

struct FigWords {
  Label routeMoved = kNoLabel;       // route, from, to, weight, generation, automatic
  Label routeRolledBack = kNoLabel;  // route, from, weight, generation, automatic
  Label cutover = kNoLabel;          // routes, generation
  Label shadowCompared = kNoLabel;   // route, outcome, call, diff
  Label shadowMismatch = kNoLabel;   // route, key, legacyValue, newValue
  Label canaryVerdict = kNoLabel;    // route, weight, verdict, newErrors%, legacyErrors%, newMs
  Label canaryAborted = kNoLabel;    // route, weight, newErrors%, legacyErrors%, newMs, legacyMs
  Label charged = kNoLabel;          // order, times, by
  Label divergenceFound = kNoLabel;  // entities, repaired
  Label caughtUp = kNoLabel;         // capability, applied
  Label legacyOff = kNoLabel;        // switched (1, or 0: refused), routes still served
};

FigWords defineFigWords(Kernel& kernel);

struct RouteMetrics {
  std::array<MetricId, 5> shadow{};  // by ShadowOutcome
  MetricId legacyOk = 0, legacyFailed = 0, newOk = 0, newFailed = 0;
  MetricId stage = 0, weight = 0, failedRecent = 0, legacyMs = 0, newMs = 0;
};

struct ServiceMetrics {
  MetricId lag = 0, pending = 0, diverged = 0;
};

struct FigMetrics {
  std::array<RouteMetrics, kRoutes> routes{};
  std::array<ServiceMetrics, kCapabilities> services{};
  MetricId doubleCharges = 0, reconciled = 0, diverged = 0;
};

FigMetrics defineFigMetrics(Metrics& metrics);

}  // namespace cs::strangler_fig
