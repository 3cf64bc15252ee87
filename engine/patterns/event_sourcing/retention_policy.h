// The shop's retention policy: which stream metadata the store sets, and
// how often it scavenges (retention.h says what the metadata means).
//
//   - At each scavenge, a product stream is truncated before its latest
//     snapshot ($tb = the snapshot's revision + 1): snapshot + tail is all
//     a load needs.
//   - A completed order (shipped or cancelled) gets $maxAge = orderMaxAge:
//     once its events are that old, they go.
//   - An order left open (placed or paid, an abandoned cart) and idle for
//     abandonedOrderAge is deleted ($tb past its last event), as a shop
//     closes carts nobody comes back to.
//   - Every scavengeEvery the store scavenges.
//
// Off keeps every event forever (the log a lecture about audit wants).
// Kernel thread only.
#pragma once

#include "clusterscope/time.h"
#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::event_sourcing {

struct RetentionOptions {
  bool on = true;
  SimDuration scavengeEvery{60'000'000};
  SimDuration orderMaxAge{600'000'000};
  SimDuration abandonedOrderAge{1'800'000'000};
};

class RetentionPolicy {
 public:
  RetentionPolicy(ShopStreams streams, RetentionOptions options)
      : streams_(streams), options_(options) {}
  const RetentionOptions& options() const { return options_; }

  // After events [first, last] of `stream` were committed.
  void onAppended(EventStore& store, StreamId stream, Position first, Position last) const;
  // Truncates the products before their snapshots and deletes abandoned
  // orders, then scavenges.
  ScavengeResult scavenge(EventStore& store, std::int64_t now);
  // Every order stream before this one is deleted or forgotten.
  StreamId oldestOrder() const { return oldestOrder_; }

 private:
  ShopStreams streams_;
  RetentionOptions options_;
  StreamId oldestOrder_ = 0;  // every order stream before it is deleted or forgotten
};

}  // namespace cs::event_sourcing
