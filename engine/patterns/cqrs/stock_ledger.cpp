// Following the store's stock. See stock_ledger.h. Kernel thread only.
#include "patterns/cqrs/stock_ledger.h"

#include <algorithm>

namespace cs::cqrs {

std::int64_t StockLedger::follow(const event_sourcing::EventStore& store,
                                 event_sourcing::Position upTo) {
  const event_sourcing::Position last = upTo == 0 ? store.head() : std::min(upTo, store.head());
  if (last < followed_) *this = StockLedger(streams_);  // a new run
  // A scavenge reclaims only events this has followed long ago (orders
  // idle for long, products before their snapshots); passing over what it
  // reclaimed skips nothing new.
  for (event_sourcing::Position p = store.nextHeld(followed_ + 1); p <= last;
       p = store.nextHeld(p + 1)) {
    const event_sourcing::RecordedEvent& e = store.at(p);
    if (!streams_.isProduct(e.stream)) continue;
    if (e.stream >= products_.size()) products_.resize(e.stream + 1);
    event_sourcing::Aggregate& a = products_[e.stream];
    oversold_ -= std::max<std::int64_t>(0, -a.stock);
    event_sourcing::apply(a, true, e);
    oversold_ += std::max<std::int64_t>(0, -a.stock);
  }
  followed_ = std::max(followed_, last);
  return oversold_;
}

std::int64_t StockLedger::stock(std::int64_t product) const {
  const event_sourcing::StreamId s = streams_.product(product);
  return s < products_.size() ? products_[s].stock : 0;
}

}  // namespace cs::cqrs
