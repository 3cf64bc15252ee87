// Keeps every shown product's history (product_history.h) up to the event
// store's head, for the view: each call folds only the events committed
// since the last, so a view costs no fold of the whole log. Committed
// events are never lost, so what was indexed stays true; what a scavenge
// reclaimed is forgotten here too.
// Kernel thread only.
#pragma once

#include <vector>

#include "clusterscope/event_sourcing/product_history.h"
#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::event_sourcing {

class HistoryBuilder {
 public:
  // Products 1..`products` get a history.
  HistoryBuilder(ShopStreams streams, std::int64_t products);

  // Folds the events after the last position indexed, up to the head.
  void catchUp(const EventStore& store);
  // REQUIRES: 1 <= p <= the products given.
  const ProductHistory& history(std::int64_t p) const { return histories_[index(p)]; }
  // The product folded up to the head indexed.
  const Aggregate& current(std::int64_t p) const { return states_[index(p)]; }
  bool has(StreamId stream) const {
    return streams_.isProduct(stream) && stream < histories_.size();
  }

 private:
  static std::size_t index(std::int64_t p) { return static_cast<std::size_t>(p - 1); }
  ShopStreams streams_;
  Position indexed_ = 0;
  Position forgottenUpTo_ = 0;  // the store's horizon, when last looked at
  std::vector<ProductHistory> histories_;
  std::vector<Aggregate> states_;
};

}  // namespace cs::event_sourcing
