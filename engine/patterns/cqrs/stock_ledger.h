// The store's true stock of each product, followed event by event as the
// log grows, and how many items were sold beyond it: what an order decided
// on a lagging read model costs (see order_handler.h). A measurement for
// the oversold gauge and the view, not part of the shop. Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::cqrs {

class StockLedger {
 public:
  explicit StockLedger(event_sourcing::ShopStreams streams = {}) : streams_(streams) {}

  // Folds the events appended since the last call, up to position `upTo`
  // (the head if 0); returns oversold().
  std::int64_t follow(const event_sourcing::EventStore& store, event_sourcing::Position upTo = 0);
  // Items sold beyond stock: the sum over products of how far below zero
  // each product's stock is.
  std::int64_t oversold() const { return oversold_; }
  // Product p's stock (1-based) as of the last follow(); 0 if not seen.
  std::int64_t stock(std::int64_t product) const;

 private:
  event_sourcing::ShopStreams streams_;
  event_sourcing::Position followed_ = 0;
  std::vector<event_sourcing::Aggregate> products_;  // by stream
  std::int64_t oversold_ = 0;
};

}  // namespace cs::cqrs
