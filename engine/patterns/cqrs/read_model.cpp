// The read models' fold. See read_model.h. Any thread.
#include "patterns/cqrs/read_model.h"

namespace cs::cqrs {

using event_sourcing::EventType;
using event_sourcing::OrderStatus;

Applied applyEvent(Row& row, const RecordedEvent& recorded, bool idempotent) {
  // An expired order keeps no fields to fold onto; a row never folded that
  // is marked expired (its page came back) takes its first event.
  if (row.expired) {
    if (row.revision >= 0) return Applied::Already;
    row.expired = false;
  }
  Applied result = Applied::Folded;
  if (recorded.revision <= row.revision) {
    if (idempotent) return Applied::Already;
    result = Applied::Twice;
  } else if (recorded.revision != row.revision + 1) {
    result = Applied::Gap;
  }
  row.revision = recorded.revision;
  row.at = recorded.recordedAt;
  const event_sourcing::EventData e = event_sourcing::upcast(recorded.data);
  switch (static_cast<EventType>(e.type)) {
    case EventType::StockReceived:
    case EventType::StockCorrected:
      row.a += e.body[0];
      break;
    case EventType::ItemReserved:
      row.a -= e.body[1];
      row.b += e.body[1];
      row.c += e.body[1];
      break;
    case EventType::ReservationReleased:
      row.a += e.body[1];
      row.b -= e.body[1];
      break;
    case EventType::OrderPlaced:
      row.a = e.body[0];
      row.b = e.body[1];
      row.c = static_cast<std::int64_t>(OrderStatus::Placed);
      break;
    case EventType::OrderPaid:
      row.c = static_cast<std::int64_t>(OrderStatus::Paid);
      break;
    case EventType::OrderShipped:
      row.c = static_cast<std::int64_t>(OrderStatus::Shipped);
      break;
    case EventType::OrderCancelled:
      row.c = static_cast<std::int64_t>(OrderStatus::Cancelled);
      break;
    default:
      break;  // ProductAdded: the row exists; stock arrives as StockReceived
  }
  return result;
}

Applied ReadModel::fold(const RecordedEvent& e, bool idempotent) {
  Applied result = Applied::Folded;
  update(e.stream, [&](Row& r) { result = applyEvent(r, e, idempotent); });
  if (orderTtl_.count() > 0 && !streams_.isProduct(e.stream) && result != Applied::Already)
    expiring_.emplace_back(e.recordedAt, e.stream);
  return result;
}

// An expired row is still counted: the dashboard and "my orders" are totals
// over every order placed, not over the rows still kept.
void ReadModel::count(StreamId s, const Row& row, std::int64_t sign) {
  if (row.revision < 0 || streams_.isProduct(s)) return;
  totals_.dashboard.orders += sign;
  totals_.dashboard.items += sign * row.b;
  if (totals_.perSession.empty()) return;
  const int sessions = static_cast<int>(totals_.perSession.size());
  totals_.perSession[static_cast<std::size_t>(sessionOf(streams_.number(s), sessions))] += sign;
}

}  // namespace cs::cqrs
