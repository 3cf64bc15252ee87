// The options of the CQRS pattern's world (see cqrs_pattern.h), parsed from
// the JSON object a scenario or the command line gives. Every key is
// optional; an unknown key or a value out of range is an InputError naming
// the key and what was expected. Durations are in milliseconds.
// Plain values; any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/time.h"
#include "patterns/event_sourcing/retention_policy.h"

namespace cs::cqrs {

// How the projector saves its checkpoint.
enum class CheckpointRule : std::int64_t {
  GapAware = 0,  // the position below which every event is applied (safe)
  HighWater =
      1,  // the highest position seen: skips an event still in a worker, or committed late (unsafe)
};

struct CqrsOptions {
  bool oneModel = false;  // one database node takes every read and write
  int products = 20;
  int initialStock = 100'000;
  int handlers = 2;          // write side: command handlers
  int replicas = 3;          // read side: replicas serving queries (2..8)
  int replicaWorkers = 4;    // queries one replica serves at once
  int replicaQueue = 64;     // queries that may wait for a worker
  int projectors = 4;        // projectors sharing the four read models (1..4)
  int projectorWorkers = 1;  // partitions of each projector applying events at once (1..8)
  int sessions = 8;          // shoppers, each a session with its own tokens
  double readRate = 1'000;   // listing reads per second, open loop
  double orderRate = 20;     // orders per second, open loop
  double restockRate = 0.5;  // deliveries per second
  bool tokens = true;        // "my orders" carries the order's position (read-your-writes)
  bool idempotent = true;    // the projector skips events its rows already hold
  CheckpointRule checkpoint = CheckpointRule::GapAware;
  // An order's stock rule checked on the listing (a read model) instead of
  // the write model: oversells while the listing lags (unsafe).
  bool validateOnReadModel = false;
  int checkpointEvery = 10;        // events applied between saved checkpoints
  SimDuration queryCost{1'000};    // a replica worker's time per query
  SimDuration projectCost{2'000};  // a projector worker's time per event
  SimDuration dbReadCost{1'000};   // the one model: a read
  SimDuration dbWriteCost{3'000};  // the one model: an order (writes, locks, indexes)
  int dbWorkers = 4;
  int dbQueue = 256;
  SimDuration tokenWait{300'000};  // a query waits this long for its position, then is stale
  SimDuration flushEvery{5'000};   // the projector sends replicas what changed this often
  SimDuration commitDelay{1'000};
  // Appends the store writes at once, each taking its positions as it
  // begins; with more than one, a later position can commit first.
  int storeWriters = 1;
  SimDuration commitJitter{0};  // a commit lands up to this much later than commitDelay
  SimDuration latency{1'000};
  SimDuration jitter{500};
  // What the event store keeps (the Event Sourcing pattern's retention:
  // products truncated before their snapshots, orders idle for
  // abandonedOrderAge deleted), so a long run's memory stays flat.
  event_sourcing::RetentionOptions retention;
  // A handler snapshots a product stream every this many events, so that
  // retention can truncate it; 0: never.
  int snapshotEvery = 500;
  // An order expires from the read models this long after its last event
  // (read_model.h); 0: never.
  SimDuration orderTtl{600'000'000};

  LinkConfig link() const;
};

// Throws InputError ("options.replicas: expected an integer from 2 to 8, got 9").
// "retention" is read as the Event Sourcing pattern's (retention_options.h);
// "orderTtl" is in seconds.
// A null value means "all defaults".
CqrsOptions parseCqrsOptions(const nlohmann::json& options);

}  // namespace cs::cqrs
