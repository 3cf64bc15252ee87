// The options of the Ambassador pattern's world (see ambassador_pattern.h),
// parsed from the JSON object a scenario or the command line gives. Every key
// is optional; an unknown key or a value out of range is an InputError naming
// the key and what was expected. The defaults give replica b2 a heavy tail
// (10% of its requests take 100-200 ms instead of 5-10 ms), so hedging after
// 30 ms visibly cuts the p99. Plain values; any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/time.h"
#include "patterns/ambassador/outbound_ambassador.h"
#include "rpc/processing_time.h"

namespace cs::ambassador {

struct AmbassadorOptions {
  bool ambassador = true;  // false: A calls b1 directly, with none of the route policy
  bool rogue = true;       // whether the rogue client sends
  RoutePolicy route;       // retries, budget, hedging, timeouts, breaker
  double loadRate = 100;   // client -> A, requests per second
  double rogueRate = 2;    // rogue -> b1-ambassador, requests per second
  SimDuration replicaTimeMin{5'000}, replicaTimeMax{10'000};
  double tailChance = 0.1;  // b2 only: the chance of a slow request
  SimDuration tailMin{100'000}, tailMax{200'000};
  int replicaWorkers = 8, replicaQueue = 64;
  int appWorkers = 32, appQueue = 256;
  SimDuration appTimeout{1'000'000};     // A's one call to B
  SimDuration clientTimeout{2'000'000};  // client -> A
  SimDuration latency{1'000};            // between nodes that are not co-located
  SimDuration linkJitter{500};

  LinkConfig link() const;
  // The healthy processing time of replica b1 (index 0) or b2 (index 1).
  rpc::ProcessingTime replicaTime(int replica) const;
};

// The breaker defaults of this pattern's route.
nlohmann::json teachingBreakerConfig();

// Throws InputError ("options.maxRetries: expected an integer from 0 to 10,
// got 11"). A null value means "all defaults".
AmbassadorOptions parseAmbassadorOptions(const nlohmann::json& options);

}  // namespace cs::ambassador
