// The options of the Event Sourcing pattern's world (see es_pattern.h),
// parsed from the JSON object a scenario or the command line gives. Every
// key is optional; an unknown key or a value out of range is an InputError
// naming the key and what was expected. Durations are in milliseconds.
// Plain values; any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/time.h"
#include "patterns/event_sourcing/retention_policy.h"

namespace cs::event_sourcing {

struct EsOptions {
  int products = 5;
  int initialStock = 10;
  int handlers = 2;          // command handlers, so commands race
  double orderRate = 5;      // shoppers' commands per second, open loop
  double restockRate = 0.5;  // clerk's deliveries per second
  int restockQuantity = 5;
  int maxQuantity = 2;           // items per order, 1..this
  bool expectExact = true;       // expectedRevision: "exact" (safe) or "any" (oversells)
  bool eventIds = true;          // a retried append keeps its event ids
  int snapshotEvery = 0;         // 0: no snapshots
  int schema = 2;                // ItemReserved version the handlers write at first
  bool crud = true;              // the CRUD twin gets a copy of every command
  bool cacheAggregates = false;  // handlers keep what they loaded; load only what came after
  // The run begins with release 1 of the shop's code, whose fold takes an
  // order's items off twice (the unsafe one: see Fold in shop_domain.h).
  bool buggyRelease = false;
  SimDuration commitDelay{1'000};
  SimDuration handlerTimeout{300'000};
  SimDuration latency{2'000};
  SimDuration jitter{1'000};
  // What the store keeps and when it scavenges (retention_options.h; its
  // ages are in seconds).
  RetentionOptions retention;

  LinkConfig link() const;
};

// Throws InputError ("options.handlers: expected an integer from 2 to 4, got 1").
// A null value means "all defaults".
EsOptions parseEsOptions(const nlohmann::json& options);

}  // namespace cs::event_sourcing
