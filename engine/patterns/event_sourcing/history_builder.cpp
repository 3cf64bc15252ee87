// Product histories kept up to the head. See history_builder.h. Kernel
// thread only.
#include "patterns/event_sourcing/history_builder.h"

namespace cs::event_sourcing {

HistoryBuilder::HistoryBuilder(ShopStreams streams, std::int64_t products)
    : streams_(streams),
      histories_(static_cast<std::size_t>(products)),
      states_(static_cast<std::size_t>(products)) {}

void HistoryBuilder::catchUp(const EventStore& store) {
  for (Position p = indexed_ + 1; p <= store.head(); ++p) {
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
