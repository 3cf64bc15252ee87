// Folding, upcasting and deciding for the shop's aggregates. See
// shop_domain.h. Any thread.
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::event_sourcing {
namespace {

EventData event(EventType type, EventBody body, std::uint8_t schema = 1) {
  EventData e;
  e.type = static_cast<std::uint16_t>(type);
  e.schema = schema;
  e.body = body;
  return e;
}

EventType typeOf(const EventData& e) {
  return static_cast<EventType>(e.type);
}

// `d` refusing: no events, no expected revision.
void refuse(Decision& d, Refusal r) {
  d.refusal = r;
  d.events.clear();
  d.expected = ExpectedRevision{};
}

// The expected revision for appending to a stream in this state.
ExpectedRevision expectedFor(const Aggregate& a) {
  return a.revision == kNoStreamRevision ? ExpectedRevision::noStream()
                                         : ExpectedRevision::exact(a.revision);
}

// The steps fill `d` in place: assigning its events reuses their room, so a
// writer that keeps one Decision allocates nothing per command.
void productStep(const ShopCommand& c, const Aggregate& p, int schema, Decision& d) {
  d.refusal = Refusal::None;
  d.events.clear();
  d.expected = expectedFor(p);
  if (c.kind == CommandType::AddProduct) {
    if (p.exists) return refuse(d, Refusal::AlreadyExists);
    // One atomic batch: the product never exists without its opening stock.
    d.events = {event(EventType::ProductAdded, {c.product, 0, 0}),
                event(EventType::StockReceived, {c.quantity, 0, 0})};
    return;
  }
  if (!p.exists) return refuse(d, Refusal::NoSuchProduct);
  switch (c.kind) {
    case CommandType::ReceiveStock:
      d.events = {event(EventType::StockReceived, {c.quantity, 0, 0})};
      return;
    case CommandType::PlaceOrder:
      if (p.stock < c.quantity) return refuse(d, Refusal::OutOfStock);
      if (schema >= 2) {
        d.events = {event(EventType::ItemReserved, {c.order, c.quantity, 0}, 2)};
      } else {
        // v1 knows no quantity: one event per item, all in one atomic batch.
        for (std::int64_t i = 0; i < c.quantity; ++i)
          d.events.push_back(event(EventType::ItemReserved, {c.order, 0, 0}, 1));
      }
      return;
    case CommandType::CancelOrder:
      d.events = {event(EventType::ReservationReleased, {c.order, c.quantity, 0})};
      return;
    case CommandType::CorrectStock:
      if (p.stock + c.quantity < 0) return refuse(d, Refusal::OutOfStock);
      d.events = {
          event(EventType::StockCorrected, {c.quantity, static_cast<std::int64_t>(c.corrects), 0})};
      return;
    default:
      return refuse(d, Refusal::NoSuchProduct);
  }
}

void orderStep(const ShopCommand& c, const Aggregate& o, Decision& d) {
  d.refusal = Refusal::None;
  d.events.clear();
  d.expected = expectedFor(o);
  switch (c.kind) {
    case CommandType::PlaceOrder:
      // Placed already (a retry whose first append went through): done.
      if (o.exists) return;
      d.events = {event(EventType::OrderPlaced, {c.product, c.quantity, 0})};
      return;
    case CommandType::PayOrder:
      if (!o.exists) return refuse(d, Refusal::NoSuchOrder);
      if (o.status == OrderStatus::Paid) return;
      if (o.status != OrderStatus::Placed) return refuse(d, Refusal::WrongStatus);
      d.events = {event(EventType::OrderPaid, {})};
      return;
    case CommandType::ShipOrder:
      if (!o.exists) return refuse(d, Refusal::NoSuchOrder);
      if (o.status == OrderStatus::Shipped) return;
      if (o.status != OrderStatus::Paid) return refuse(d, Refusal::WrongStatus);
      d.events = {event(EventType::OrderShipped, {})};
      return;
    case CommandType::CancelOrder:
      if (!o.exists) return refuse(d, Refusal::NoSuchOrder);
      if (o.status == OrderStatus::Shipped) return refuse(d, Refusal::WrongStatus);
      if (o.status == OrderStatus::Cancelled) return;
      d.events = {event(EventType::OrderCancelled, {})};
      return;
    default:
      return refuse(d, Refusal::NoSuchOrder);
  }
}

}  // namespace

const char* eventTypeName(std::uint16_t type) {
  static const char* const kNames[] = {"?",
                                       "ProductAdded",
                                       "StockReceived",
                                       "ItemReserved",
                                       "ReservationReleased",
                                       "StockCorrected",
                                       "OrderPlaced",
                                       "OrderPaid",
                                       "OrderShipped",
                                       "OrderCancelled"};
  return type <= kLastEventType ? kNames[type] : "?";
}

std::uint8_t currentSchema(std::uint16_t type) {
  return type == static_cast<std::uint16_t>(EventType::ItemReserved) ? 2 : 1;
}

EventData upcast(EventData e) {
  // Teaching note: old events are never rewritten; they are read through
  // a chain of upcasters, one per version step.
  if (typeOf(e) == EventType::ItemReserved && e.schema == 1) {
    e.body = {e.body[0], 1, 0};  // v1 reserved exactly one item
    e.schema = 2;
  }
  return e;
}

const char* orderStatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::None:
      return "none";
    case OrderStatus::Placed:
      return "placed";
    case OrderStatus::Paid:
      return "paid";
    case OrderStatus::Shipped:
      return "shipped";
    case OrderStatus::Cancelled:
      return "cancelled";
  }
  return "?";
}

std::string ShopStreams::name(StreamId s) const {
  return (isProduct(s) ? "product-" : "order-") + std::to_string(number(s));
}

std::array<std::int64_t, 6> Aggregate::pack(bool productStream) const {
  if (productStream)
    return {exists, stock, reservations, lastOrder, static_cast<std::int64_t>(lastReservedAt), 0};
  return {exists, static_cast<std::int64_t>(status), product, quantity, 0, 0};
}

Aggregate Aggregate::unpack(const std::array<std::int64_t, 6>& s, bool productStream,
                            Revision revision) {
  Aggregate a;
  a.exists = s[0] != 0;
  a.revision = revision;
  if (productStream) {
    a.stock = s[1];
    a.reservations = s[2];
    a.lastOrder = s[3];
    a.lastReservedAt = static_cast<Position>(s[4]);
  } else {
    a.status = static_cast<OrderStatus>(s[1]);
    a.product = s[2];
    a.quantity = s[3];
  }
  return a;
}

void apply(Aggregate& a, bool productStream, const RecordedEvent& recorded, Fold fold) {
  const EventData e = upcast(recorded.data);
  a.revision = recorded.revision;
  const auto& b = e.body;
  switch (typeOf(e)) {
    case EventType::ProductAdded:
      a.exists = true;
      break;
    case EventType::StockReceived:
      a.stock += b[0];
      break;
    case EventType::ItemReserved:
      a.stock -= fold == Fold::DoubleReservation ? 2 * b[1] : b[1];
      a.reservations += 1;
      a.lastOrder = b[0];
      a.lastReservedAt = recorded.position;
      break;
    case EventType::ReservationReleased:
      a.stock += b[1];
      a.reservations -= 1;
      break;
    case EventType::StockCorrected:
      a.stock += b[0];
      break;
    case EventType::OrderPlaced:
      a.exists = true;
      a.status = OrderStatus::Placed;
      a.product = b[0];
      a.quantity = b[1];
      break;
    case EventType::OrderPaid:
      a.status = OrderStatus::Paid;
      break;
    case EventType::OrderShipped:
      a.status = OrderStatus::Shipped;
      break;
    case EventType::OrderCancelled:
      a.status = OrderStatus::Cancelled;
      break;
  }
  (void)productStream;
}

Aggregate foldOnto(Aggregate base, bool productStream, const std::vector<RecordedEvent>& tail,
                   Fold fold) {
  for (const RecordedEvent& e : tail)
    if (e.revision > base.revision) apply(base, productStream, e, fold);
  return base;
}

Aggregate load(const ShopStreams& streams, StreamId stream, const Snapshot* snapshot,
               const std::vector<RecordedEvent>& tail, std::size_t* folded, Fold fold) {
  const bool product = streams.isProduct(stream);
  if (folded) *folded = tail.size();
  return foldOnto(
      snapshot ? Aggregate::unpack(snapshot->state, product, snapshot->revision) : Aggregate{},
      product, tail, fold);
}

Aggregate foldAll(const EventStore& store, const ShopStreams& streams, StreamId stream, Fold fold) {
  Aggregate a;
  const bool product = streams.isProduct(stream);
  const StreamPositions positions = store.positions(stream);
  // A stream truncated by retention begins at its latest snapshot.
  const Revision first = store.firstRevision(stream);
  if (first > 0)
    if (const Snapshot* s = store.latestSnapshot(stream); s && s->revision + 1 >= first)
      a = Aggregate::unpack(s->state, product, s->revision);
  constexpr std::size_t kAhead = 8;
  for (auto i = static_cast<std::size_t>(std::max<Revision>(a.revision + 1 - first, 0));
       i < positions.size(); ++i) {
    if (i + kAhead < positions.size()) store.prefetch(positions[i + kAhead]);
    apply(a, product, store.at(positions[i]), fold);
  }
  return a;
}

Snapshot asSnapshot(const Aggregate& a, bool productStream, Position position) {
  Snapshot s;
  s.revision = a.revision;
  s.position = position;
  s.state = a.pack(productStream);
  return s;
}

const char* commandName(CommandType kind) {
  switch (kind) {
    case CommandType::AddProduct:
      return "AddProduct";
    case CommandType::ReceiveStock:
      return "ReceiveStock";
    case CommandType::PlaceOrder:
      return "PlaceOrder";
    case CommandType::PayOrder:
      return "PayOrder";
    case CommandType::ShipOrder:
      return "ShipOrder";
    case CommandType::CancelOrder:
      return "CancelOrder";
    case CommandType::CorrectStock:
      return "CorrectStock";
  }
  return "?";
}

const char* refusalName(Refusal r) {
  switch (r) {
    case Refusal::None:
      return "accepted";
    case Refusal::OutOfStock:
      return "out of stock";
    case Refusal::NoSuchProduct:
      return "no such product";
    case Refusal::AlreadyExists:
      return "already exists";
    case Refusal::WrongStatus:
      return "wrong status";
    case Refusal::NoSuchOrder:
      return "no such order";
  }
  return "?";
}

std::optional<StreamId> ShopCommand::streamOf(const ShopStreams& streams, int step,
                                              const Aggregate* firstStep) const {
  switch (kind) {
    case CommandType::AddProduct:
    case CommandType::ReceiveStock:
    case CommandType::CorrectStock:
      if (step == 0) return streams.product(product);
      return std::nullopt;
    case CommandType::PlaceOrder:
      if (step == 0) return streams.product(product);
      if (step == 1) return streams.order(order);
      return std::nullopt;
    case CommandType::PayOrder:
    case CommandType::ShipOrder:
      if (step == 0) return streams.order(order);
      return std::nullopt;
    case CommandType::CancelOrder:
      if (step == 0) return streams.order(order);
      // Release what the order reserved, on its product.
      if (step == 1 && firstStep && firstStep->product > 0)
        return streams.product(firstStep->product);
      return std::nullopt;
  }
  return std::nullopt;
}

Decision decide(const ShopCommand& c, int step, const Aggregate& state, int schema) {
  Decision d;
  decide(c, step, state, schema, d);
  return d;
}

void decide(const ShopCommand& c, int step, const Aggregate& state, int schema, Decision& d) {
  const bool productStep_ =
      (c.kind == CommandType::PlaceOrder && step == 0) ||
      (c.kind == CommandType::CancelOrder && step == 1) || c.kind == CommandType::AddProduct ||
      c.kind == CommandType::ReceiveStock || c.kind == CommandType::CorrectStock;
  if (productStep_)
    productStep(c, state, schema, d);
  else
    orderStep(c, state, d);
}

}  // namespace cs::event_sourcing
