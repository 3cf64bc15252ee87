// What the window draws of the CQRS world: the write lane (shoppers ->
// command handlers -> event store), the read lane (event store -> projectors
// -> read replicas -> browsing shoppers), one positions axis (the store's
// head, each projector's checkpoint, each replica's position, the last
// order's token) so that lag is a distance, the last stale read beside the
// lag that caused it, and the latencies of both sides. In one-model mode the
// database node takes the place of both lanes. A snapshot of one instant,
// built by CqrsPattern::view on the kernel thread; immutable afterwards, so
// any thread may read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/time.h"

namespace cs::cqrs {

// A server's worker pool and the queue in front of it.
struct PoolView {
  int workers = 0;
  int busy = 0;
  int queued = 0;
  int queueCapacity = 0;
};

struct WriteSideView {
  NodeId store = kNoNode;
  bool storeCrashed = false;
  std::uint64_t head = 0;      // the last global position
  std::int64_t headAgeUs = 0;  // how long ago the head was committed
  struct Handler {
    NodeId id = kNoNode;
    std::string name;  // "handler-1"
    bool crashed = false;
    int queued = 0;  // commands waiting or in hand
    std::uint64_t done = 0;
    std::uint64_t decidedOnReadModel = 0;  // orders decided on the listing's stock
  };
  std::vector<Handler> handlers;
  // The unsafe switch: orders are checked against the listing (a read
  // model) instead of the write model.
  bool validateOnReadModel = false;
  // Items sold beyond stock: how far below zero the store's stock is,
  // summed over the products.
  std::int64_t oversold = 0;
  int writers = 1;  // appends the store writes at once; over 1, holes can open
  // Positions taken by appends still being written (the store with
  // concurrent writers), lowest first: the holes a reader sees below the
  // head. Empty with one writer.
  std::vector<std::uint64_t> unseen;
};

// One projector: its own catch-up subscription and checkpoint, and the
// read models it keeps.
struct ProjectorView {
  NodeId id = kNoNode;
  std::string name;                 // "listing-projector"
  std::vector<std::string> models;  // "the product listing", "my orders", ...
  bool crashed = false;
  bool live = false;             // subscribed live (else reading history)
  std::uint64_t position = 0;    // every event at or below it is applied
  std::uint64_t checkpoint = 0;  // as last saved (durable)
  std::uint64_t received = 0;    // the last position it has read
  std::uint64_t heldAt = 0;      // the hole it holds at (a write not yet committed); 0: none
  std::uint64_t lagEvents = 0;   // head - position
  std::int64_t lagUs = 0;        // age of the oldest event not yet applied; 0: none
  std::int64_t epoch = 1;
  int workers = 1;                   // partitions
  std::vector<int> partitionDepths;  // events waiting in each partition
  bool idempotent = true;
  bool highWater = false;   // the unsafe checkpoint rule
  bool rebuilding = false;  // blue/green in progress
  std::uint64_t rebuildPosition = 0;
  bool rebuildingInPlace = false;  // in place, not yet caught up
  std::uint64_t appliedTwice = 0;
};

struct ReplicaView {
  NodeId id = kNoNode;
  std::string name;  // "replica-1"
  bool active = false;
  bool crashed = false;
  bool synced = false;                // holds a copy of every projector's models
  std::uint64_t position = 0;         // the lowest of its copies' positions
  std::vector<std::uint64_t> copies;  // by projector: its copy's position
  std::uint64_t lagEvents = 0;        // head - position
  PoolView pool;
  int waiting = 0;  // queries waiting for their position
  std::uint64_t served = 0, rejected = 0, stale = 0;
};

// The last "my orders" read that came back without the order just placed
// (silently, with tokens off) or marked stale (with tokens on).
struct StaleReadView {
  bool any = false;
  bool marked = false;
  std::int64_t session = 0, order = 0;
  std::uint64_t orderPosition = 0;    // where the order's events were stored
  std::uint64_t replicaPosition = 0;  // where the replica that answered was
  std::string replica;
  SimTime at{};
};

// One product as the listing shows it on the first active replica, beside
// the truth (the fold of the store's events).
struct ListingRow {
  std::int64_t product = 0;
  std::int64_t stockShown = 0;
  std::int64_t stockTrue = 0;
  bool shown = false;  // the replica has the row at all
};

struct CqrsView : PatternView {
  bool oneModel = false;
  bool tokens = true;
  WriteSideView write;
  std::vector<ProjectorView> projectors;
  std::vector<ReplicaView> replicas;  // active ones first, then the spare ones
  struct Database {
    NodeId id = kNoNode;
    bool crashed = false;
    PoolView pool;
    std::uint64_t writes = 0;
  } database;
  // Clients
  double readRate = 0;  // listing reads per second now
  double orderRate = 0;
  std::int64_t queryP99Us = 0;  // the last few seconds
  std::int64_t orderP99Us = 0;
  std::uint64_t ordersDone = 0;
  std::uint64_t staleReads = 0, markedStale = 0, freshReads = 0;
  std::int64_t lastOrder = 0;
  std::uint64_t lastToken = 0;  // the last order's position
  StaleReadView lastStale;
  std::vector<ListingRow> listing;  // the first few products
  SimTime now{};
};

}  // namespace cs::cqrs
