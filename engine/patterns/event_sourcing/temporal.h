// Temporal queries over an event store: the state of an aggregate as of any
// global position, and what changed between two positions (like `git diff`
// between two commits). Possible only because nothing is overwritten: the
// log holds every change, or with retention every change since the
// scavenge horizon (asOfFrom() says from where). Plain functions; any thread.
#pragma once

#include <vector>

#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::event_sourcing {

// The last position committed at or before `micros` of simulated time; 0 if none.
Position positionAt(const EventStore& store, std::int64_t micros);

// The first position the stream's state "as of" can be told at, once
// retention truncated it (its latest snapshot's); 0: any position.
Position asOfFrom(const EventStore& store, StreamId stream);

// The stream's aggregate folded from its events at positions <= `position`.
// REQUIRES: position >= asOfFrom(store, stream).
Aggregate stateAsOf(const EventStore& store, const ShopStreams& streams, StreamId stream,
                    Position position);

// One stream that changed between two positions.
struct StreamChange {
  StreamId stream = 0;
  Aggregate before, after;
  std::vector<Position> events;  // the events in (from, to], in order
};

// Every stream with an event at a position in (from, to], in the order of
// their first such event. REQUIRES: from <= to.
std::vector<StreamChange> diff(const EventStore& store, const ShopStreams& streams, Position from,
                               Position to);

}  // namespace cs::event_sourcing
