// What the window draws of the Event Sourcing world: the event store as a
// log (its recent events, each with the state of its aggregate after it,
// folded by the engine, and each product's history over the whole log), the
// last append it rejected and why, the command handlers with the aggregate
// each holds and how it was loaded, the clients,
// the analytics subscription and the CRUD twin's rows. A snapshot of one
// instant, built by EsPattern::view on the kernel thread; immutable
// afterwards, so any thread may read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/event_sourcing/event.h"
#include "clusterscope/event_sourcing/product_history.h"
#include "clusterscope/ids.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/time.h"

namespace cs::event_sourcing {

// What a node of the world is there for.
enum class NodeKind : std::uint8_t {
  Store,      // keeps the log of events, durable
  Handler,    // loads an aggregate, decides, appends with an expected revision
  Client,     // sends commands, open loop (the clerk, the shoppers)
  Analytics,  // reads every event through a catch-up subscription
  Crud,       // the same shop as current state only, updated in place
};

// One stored event as the log shows it.
struct LogEntry {
  Position position = 0;
  StreamId stream = 0;
  std::string streamName;  // "product-3"
  Revision revision = 0;
  std::string type;  // "ItemReserved"
  int schema = 1;    // as written (v1 events stay v1 in the log)
  EventBody body{};  // as written
  SimTime recordedAt{};
  bool compensating = false;  // a correction of an earlier event
  bool product = true;        // a product's stream (else an order's)
  // The stream's aggregate after this event, folded from its whole stream.
  std::int64_t stockAfter = 0;         // products
  std::int64_t reservationsAfter = 0;  // products
  std::int64_t lastOrderAfter = 0;     // products: who reserved last
  std::string statusAfter;             // orders: "placed", "paid", ...
};

struct RejectionView {
  bool any = false;  // false: no append was rejected yet
  std::string stream;
  std::int64_t expected = 0;  // the revision the writer expected
  Revision actual = 0;        // where the stream was
  NodeId writer = kNoNode;
  SimTime at{};
};

// The store's retention: its policy and what its scavenges reclaimed.
struct RetentionView {
  bool on = false;
  Position horizon = 0;  // the log is scavenged up to this position; 0: nothing yet
  std::uint64_t scavenges = 0;
  std::uint64_t lastReclaimed = 0;  // events the last scavenge reclaimed
  std::size_t eventsHeld = 0;       // in the store now
  double scavengeEverySeconds = 0, orderMaxAgeSeconds = 0, abandonedOrderAgeSeconds = 0;
};

struct StoreView {
  NodeId id = kNoNode;
  bool crashed = false;
  Position head = 0;
  std::size_t streams = 0;
  std::size_t snapshots = 0;
  std::uint64_t committed = 0;    // appends
  std::uint64_t rejected = 0;     // wrong expected version
  std::uint64_t recognised = 0;   // retries found already appended
  std::uint64_t lostAppends = 0;  // in progress when it crashed
  std::size_t inProgress = 0;     // appends waiting for their commit
  std::size_t liveSubscribers = 0;
  RejectionView lastRejection;
  RetentionView retention;
  std::vector<LogEntry> recent;  // the last events, oldest first
};

struct HandlerView {
  NodeId id = kNoNode;
  std::string name;  // "handler-1"
  bool crashed = false;
  bool holds = false;  // has loaded an aggregate
  std::string stream;  // the one it holds
  Revision revision = kNoStreamRevision;
  Revision snapshotRevision = kNoStreamRevision;  // -1: loaded without a snapshot
  Revision cachedRevision = kNoStreamRevision;    // -1: not from the state it had cached
  std::size_t folded = 0;                         // events folded to load it
  std::int64_t stock = 0;                         // a product's
  std::string status;                             // an order's
  std::size_t queued = 0;
  std::uint64_t done = 0, refused = 0, gaveUp = 0, conflicts = 0, retries = 0;
};

struct ClientView {
  NodeId id = kNoNode;
  std::string name;  // "clerk", "shoppers"
  bool crashed = false;
  double rate = 0;
  std::uint64_t sent = 0, done = 0, refused = 0, gaveUp = 0;
};

struct AnalyticsView {
  NodeId id = kNoNode;
  bool crashed = false;
  Position checkpoint = 0;
  std::uint64_t lag = 0;  // events committed and not yet read
  bool live = false;      // false: catching up from history
  std::uint64_t oversold = 0;
  std::uint64_t fellBehind = 0;
};

struct ProductRow {
  std::int64_t product = 0;
  std::int64_t stock = 0;  // folded from its stream
  std::int64_t reservations = 0;
  std::int64_t lastOrder = 0;  // who reserved last
  Position lastReservedAt = 0;
  std::int64_t crudStock = 0;  // what the CRUD twin's row says
  // Its state after each of its events since the log began (since the
  // scavenge horizon, with retention): it answers "as of" any position
  // after that, not only those in StoreView::recent.
  ProductHistory history;
};

// A product as of a position in the log.
struct ProductAsOf {
  std::int64_t product = 0, stock = 0, reservations = 0, lastOrder = 0;
  // No answer: a scavenge reclaimed the events before `scavengedBefore`.
  bool scavenged = false;
  Position scavengedBefore = 0;
};

struct SettingsView {
  bool expectExact = true;
  bool eventIds = true;
  int snapshotEvery = 0;
  int schema = 2;
  bool losingNextAck = false;
  bool cacheAggregates = false;  // handlers keep what they loaded
  bool buggyRelease = false;     // the handlers and the CRUD twin run the bug
};

class EsView : public PatternView {
 public:
  StoreView store;
  std::vector<HandlerView> handlers;
  std::vector<ClientView> clients;
  AnalyticsView analytics;
  NodeId crud = kNoNode;
  bool crudCrashed = false;
  std::vector<ProductRow> products;
  SettingsView settings;

  NodeKind kind(NodeId id) const {
    if (id == store.id) return NodeKind::Store;
    if (id == analytics.id) return NodeKind::Analytics;
    if (id == crud) return NodeKind::Crud;
    for (const auto& h : handlers)
      if (h.id == id) return NodeKind::Handler;
    return NodeKind::Client;
  }
  const HandlerView* handler(NodeId id) const {
    for (const auto& h : handlers)
      if (h.id == id) return &h;
    return nullptr;
  }
  // Every product as of `at` (0: before the first event), from its history.
  std::vector<ProductAsOf> productsAsOf(Position at) const {
    std::vector<ProductAsOf> out;
    for (const ProductRow& row : products) {
      if (at <= row.history.forgottenUpTo()) {
        out.push_back({row.product, 0, 0, 0, true, row.history.forgottenUpTo() + 1});
        continue;
      }
      const ProductChange* c = row.history.asOf(at);
      out.push_back(c ? ProductAsOf{row.product, c->stock, c->reservations, c->lastOrder}
                      : ProductAsOf{row.product, 0, 0, 0});
    }
    return out;
  }
  const ClientView* client(NodeId id) const {
    for (const auto& c : clients)
      if (c.id == id) return &c;
    return nullptr;
  }
};

}  // namespace cs::event_sourcing
