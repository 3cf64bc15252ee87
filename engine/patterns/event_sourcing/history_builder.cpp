// Product histories kept up to the head. See history_builder.h. Kernel
// thread only.
#include "patterns/event_sourcing/history_builder.h"

#include <algorithm>

namespace cs::event_sourcing {

HistoryBuilder::HistoryBuilder(ShopStreams streams, std::int64_t products)
    : streams_(streams),
      histories_(static_cast<std::size_t>(products)),
      states_(static_cast<std::size_t>(products)) {}

void HistoryBuilder::catchUp(const EventStore& store) {
  if (store.horizon() > indexed_) {
    // A scavenge took events it had not folded yet: each product starts
    // again from its state now, folded from its snapshot and tail.
    for (std::size_t i = 0; i < states_.size(); ++i) {
      const StreamId stream = static_cast<StreamId>(i);
      states_[i] = foldAll(store, streams_, stream);
      const Aggregate& a = states_[i];
      histories_[i].restartFrom(store.head(),
                                {store.head(), "", a.stock, a.reservations, a.lastOrder});
    }
    forgottenUpTo_ = indexed_ = store.head();
    return;
  }
  if (store.horizon() > forgottenUpTo_) {
    forgottenUpTo_ = store.horizon();
    for (ProductHistory& h : histories_) h.forgetUpTo(forgottenUpTo_);
  }
  for (Position p = std::max(indexed_, store.horizon()) + 1; p <= store.head(); ++p) {
    const RecordedEvent& e = store.at(p);
    if (!has(e.stream)) continue;
    Aggregate& a = states_[e.stream];
    apply(a, true, e);
    histories_[e.stream].append(
        {p, eventTypeName(e.data.type), a.stock, a.reservations, a.lastOrder});
  }
  indexed_ = store.head();
}

}  // namespace cs::event_sourcing
