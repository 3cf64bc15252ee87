// One row of a read model: what a projector folded from one stream of the
// event store. Plain values; any thread.
#pragma once

#include <cstdint>

#include "clusterscope/event_sourcing/event.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::cqrs {

using event_sourcing::Position;
using event_sourcing::RecordedEvent;
using event_sourcing::Revision;
using event_sourcing::ShopStreams;
using event_sourcing::StreamId;

struct Row {
  Revision revision = event_sourcing::kNoStreamRevision;  // last event folded; -1: none
  // Product: stock (items left to sell), reserved (items held by orders),
  // sold (items ever reserved). Order: product, quantity, status.
  std::int64_t a = 0, b = 0, c = 0;
  std::int64_t at = 0;   // when its last event was recorded (microseconds)
  bool expired = false;  // an order past its TTL: its fields are no longer kept
  bool operator==(const Row&) const = default;
  // The same fold (revision and fields), whenever and however it was kept.
  bool sameFold(const Row& o) const {
    return revision == o.revision && a == o.a && b == o.b && c == o.c;
  }
};

}  // namespace cs::cqrs
