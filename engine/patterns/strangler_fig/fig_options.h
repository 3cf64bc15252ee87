// The options of the Strangler Fig pattern's world (see fig_pattern.h),
// parsed from the JSON object a scenario or the command line gives. Every
// key is optional; an unknown key or a value out of range is an InputError
// naming the key and what was expected. Durations are in milliseconds.
// Plain values; any thread.
#pragma once

#include <array>

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/strangler_fig/fig_view.h"
#include "clusterscope/time.h"
#include "patterns/strangler_fig/data_sync.h"
#include "patterns/strangler_fig/rollout_controller.h"
#include "patterns/strangler_fig/shop_routes.h"

namespace cs::strangler_fig {

struct FigOptions {
  double rate = 200;  // client requests per second over all routes, open loop
  int legacyWorkers = 8;
  int legacyQueue = 64;
  SimDuration legacyTimeMin{4'000}, legacyTimeMax{12'000};
  int newWorkers = 4;
  int newQueue = 32;
  SimDuration newTimeMin{2'000}, newTimeMax{6'000};
  SimDuration backendTimeout{500'000};
  SimDuration clientTimeout{1'000'000};
  bool priceBug = false;      // the pricing service's rounding error
  bool checkoutBug = false;   // the orders service's failing checkout
  bool mirrorWrites = false;  // unsafe: shadow copies of writes happen for real
  // The big-bang twin: every route cut over at this moment of the run; 0: never.
  SimDuration cutoverAt{0};
  AnalysisOptions analysis;
  SyncOptions sync;
  std::array<Stage, kRoutes> stages{};  // the table the run starts with
  std::array<int, kRoutes> weightSteps{};
  SimDuration latency{1'000};
  SimDuration jitter{500};

  LinkConfig link() const;
};

// Throws InputError ("options.rate: expected a number from 0 to 100000 ...").
// A null value means "all defaults". "routes" maps a route name to its first
// stage: "legacy", "shadow", "canary" (at 5%), "canary-25", "canary-50",
// "canary-100", "migrated" or "retired".
FigOptions parseFigOptions(const nlohmann::json& options);

}  // namespace cs::strangler_fig
