// The shop's domain, event-sourced: two aggregates, Product and Order, whose
// state is never stored, only folded from their streams' events.
//
//   Product ("product-7"): ProductAdded, StockReceived, ItemReserved,
//     ReservationReleased, and StockCorrected (a compensating event: a
//     correction of an earlier event, never an edit of it).
//   Order ("order-112"): OrderPlaced, OrderPaid, OrderShipped, OrderCancelled.
//
// Domain rule: a product's stock never goes below zero (decide refuses). It
// can only break when two writers decide on the same state and both append
// with expected revision "any".
//
// Schema versions: ItemReserved v1 had no quantity (one item per event); v2
// carries it. Readers fold v2 only: upcast() turns v1 into v2 with quantity 1
// on the way in, and stored events stay as they were written. Plain
// functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clusterscope/event_sourcing/event.h"
#include "patterns/event_sourcing/event_store.h"

namespace cs::event_sourcing {

enum class EventType : std::uint16_t {
  ProductAdded = 1,         // body: product
  StockReceived = 2,        // body: quantity
  ItemReserved = 3,         // v1 body: order; v2 body: order, quantity
  ReservationReleased = 4,  // body: order, quantity
  StockCorrected = 5,       // body: delta, the position of the event it corrects
  OrderPlaced = 6,          // body: product, quantity
  OrderPaid = 7,
  OrderShipped = 8,
  OrderCancelled = 9,
};
inline constexpr std::uint16_t kLastEventType = 9;
// "ItemReserved"; "?" for a type the shop does not have.
const char* eventTypeName(std::uint16_t type);
// The schema version readers fold: 2 for ItemReserved, 1 for the rest.
std::uint8_t currentSchema(std::uint16_t type);
// The event as the current schema reads it: each upcaster in the chain
// lifts it one version.
EventData upcast(EventData event);

enum class OrderStatus : std::int64_t { None = 0, Placed, Paid, Shipped, Cancelled };
const char* orderStatusName(OrderStatus status);

// Which aggregate a stream holds, and the streams' numbering: product p
// (1..products) is stream p - 1, order o (1, 2, ...) is stream products + o - 1.
struct ShopStreams {
  int products = 0;
  bool isProduct(StreamId s) const { return s < static_cast<StreamId>(products); }
  StreamId product(std::int64_t p) const { return static_cast<StreamId>(p - 1); }
  StreamId order(std::int64_t o) const { return static_cast<StreamId>(products + o - 1); }
  // The product or order number the stream belongs to.
  std::int64_t number(StreamId s) const {
    return isProduct(s) ? s + 1 : static_cast<std::int64_t>(s) - products + 1;
  }
  std::string name(StreamId s) const;  // "product-7", "order-112"
};

// A product's or an order's state, folded. Kept as six integers so that a
// snapshot can hold it (see asSnapshot()).
struct Aggregate {
  bool exists = false;
  Revision revision = kNoStreamRevision;  // the last event folded
  // Product
  std::int64_t stock = 0;         // items that can still be reserved
  std::int64_t reservations = 0;  // reservations not released
  std::int64_t lastOrder = 0;     // who reserved last (0: nobody yet)
  Position lastReservedAt = 0;    // and at which position
  // Order
  OrderStatus status = OrderStatus::None;
  std::int64_t product = 0, quantity = 0;

  std::array<std::int64_t, 6> pack(bool productStream) const;
  static Aggregate unpack(const std::array<std::int64_t, 6>& s, bool productStream,
                          Revision revision);
};

// The fold a release of the shop's code runs.
//
// Teaching note: a bug in the fold corrupts only state derived from the
// log (what a handler holds, the snapshots it keeps); the events stay true,
// so the fixed fold repairs that state by replaying them. A CRUD table
// written by the same bug has nothing to replay.
enum class Fold : std::uint8_t {
  Correct = 0,
  DoubleReservation,  // a buggy release: ItemReserved takes its quantity off the stock twice
};

// Folds one event (upcast first) into the aggregate of its stream.
void apply(Aggregate& a, bool productStream, const RecordedEvent& e, Fold fold = Fold::Correct);
// `base` plus every event of `tail` after its revision.
Aggregate foldOnto(Aggregate base, bool productStream, const std::vector<RecordedEvent>& tail,
                   Fold fold = Fold::Correct);
// Snapshot (or nothing) plus every later event; `folded` counts the events.
Aggregate load(const ShopStreams& streams, StreamId stream, const Snapshot* snapshot,
               const std::vector<RecordedEvent>& tail, std::size_t* folded = nullptr,
               Fold fold = Fold::Correct);
// Every event of the stream from revision 0, ignoring snapshots; for a
// stream retention truncated, from its latest snapshot on.
Aggregate foldAll(const EventStore& store, const ShopStreams& streams, StreamId stream,
                  Fold fold = Fold::Correct);
Snapshot asSnapshot(const Aggregate& a, bool productStream, Position position);

// What a command asks the shop to do.
enum class CommandType : std::uint8_t {
  AddProduct = 1,  // product, quantity (its opening stock)
  ReceiveStock,    // product, quantity
  PlaceOrder,      // order, product, quantity: reserve on the product, then place the order
  PayOrder,        // order
  ShipOrder,       // order
  CancelOrder,     // order: cancel it, then release its reservation
  CorrectStock,    // product, quantity (the delta), corrects (a position)
};
const char* commandName(CommandType kind);

struct ShopCommand {
  CommandType kind = CommandType::PlaceOrder;
  std::int64_t product = 0, order = 0, quantity = 0;
  Position corrects = 0;
  // Each command touches one or two streams, one after the other. The
  // stream of step `step` (0 or 1); nullopt when the command has no such step.
  std::optional<StreamId> streamOf(const ShopStreams& streams, int step,
                                   const Aggregate* firstStep) const;
};

// Why decide() refuses.
enum class Refusal : std::uint8_t {
  None = 0,
  OutOfStock,  // fewer items left than the order asks for
  NoSuchProduct,
  AlreadyExists,  // the product was added before
  WrongStatus,    // pay an order not placed, ship one not paid, cancel one shipped
  NoSuchOrder,
};
const char* refusalName(Refusal r);

struct Decision {
  Refusal refusal = Refusal::None;
  std::vector<EventData> events;  // empty with no refusal: nothing to do (already done)
  ExpectedRevision expected;      // exact, or no-stream for a new stream
};

// The events step `step` of the command appends to a stream whose folded
// state is `state`, written in `schema` (1 or 2) where types have versions.
// Ids are left 0 for the writer to fill.
Decision decide(const ShopCommand& c, int step, const Aggregate& state, int schema);
// The same, into `d`, whose events' room is reused: a handler deciding a
// command per message keeps one Decision rather than allocating a new one.
void decide(const ShopCommand& c, int step, const Aggregate& state, int schema, Decision& d);

}  // namespace cs::event_sourcing
