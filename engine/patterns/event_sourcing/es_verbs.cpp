// The Event Sourcing pattern's verbs: the "last item" race, orders and
// deliveries on demand, the order rate, a lost acknowledgment, deploying
// ItemReserved v2, correcting an event with a compensating one, the
// switches (snapshots, expected revision, event ids, the aggregate cache), a
// temporal query, and a buggy release of the shop's code and its fix
// (repair by replay), and a scavenge now (retention).
// See es_pattern.h. Kernel thread only.
#include <cmath>
#include <cstdlib>

#include "clusterscope/errors.h"
#include "patterns/event_sourcing/command_handler.h"
#include "patterns/event_sourcing/crud_twin.h"
#include "patterns/event_sourcing/es_pattern.h"
#include "patterns/event_sourcing/shop_client.h"
#include "patterns/event_sourcing/store_node.h"
#include "patterns/event_sourcing/temporal.h"
#include "patterns/option_checks.h"

namespace cs::event_sourcing {
namespace {

using option_checks::numberArg;
using option_checks::onOffArg;
using option_checks::requireArgs;
using option_checks::wholeArg;

constexpr const char* kRace = "race";
constexpr const char* kOrder = "order";
constexpr const char* kRestock = "restock";
constexpr const char* kOrderRate = "order-rate";
constexpr const char* kLoseAck = "lose-ack";
constexpr const char* kDeployV2 = "deploy-v2";
constexpr const char* kCorrect = "correct";
constexpr const char* kSnapshots = "snapshots";
constexpr const char* kExpectedRevision = "expected-revision";
constexpr const char* kEventIds = "event-ids";
constexpr const char* kAsOf = "as-of";
constexpr const char* kCacheAggregates = "cache-aggregates";
constexpr const char* kDeployBug = "deploy-bug";
constexpr const char* kFixBug = "fix-bug";
constexpr const char* kScavenge = "scavenge";

std::int64_t integer(const std::string& s) {
  return std::strtoll(s.c_str(), nullptr, 10);
}

// A milestone traced by the pattern on a node's behalf (a verb is not a message).
void trace(Kernel& kernel, NodeId node, Label label, const std::array<std::int64_t, 6>& v) {
  TraceRecord r;
  r.kind = TraceKind::Milestone;
  r.node = node;
  r.label = label;
  r.v = v;
  kernel.record(r);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> EsPattern::verbs() const {
  return {{kRace, "[PRODUCT]"},
          {kOrder, "PRODUCT [QUANTITY]"},
          {kRestock, "PRODUCT QUANTITY"},
          {kOrderRate, "RATE"},
          {kLoseAck, ""},
          {kDeployV2, ""},
          {kCorrect, "POSITION"},
          {kSnapshots, "EVERY"},
          {kExpectedRevision, "MODE"},
          {kEventIds, "SWITCH"},
          {kAsOf, "SECONDS PRODUCT"},
          {kCacheAggregates, "SWITCH"},
          {kDeployBug, ""},
          {kFixBug, ""},
          {kScavenge, ""}};
}

void EsPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  const double products = options_.products;
  if (c.verb == kRace) {
    requireArgs(c, 0, 1, "[PRODUCT]");
    if (!a.empty()) wholeArg("race PRODUCT", a[0], 1, products);
  } else if (c.verb == kOrder) {
    requireArgs(c, 1, 2, "PRODUCT [QUANTITY]");
    wholeArg("order PRODUCT", a[0], 1, products);
    if (a.size() == 2) wholeArg("order QUANTITY", a[1], 1, 1'000'000);
  } else if (c.verb == kRestock) {
    requireArgs(c, 2, 2, "PRODUCT QUANTITY");
    wholeArg("restock PRODUCT", a[0], 1, products);
    wholeArg("restock QUANTITY", a[1], 1, 1'000'000);
  } else if (c.verb == kOrderRate) {
    requireArgs(c, 1, 1, "RATE");
    numberArg("order-rate RATE", a[0], 0, 1'000'000);
  } else if (c.verb == kLoseAck || c.verb == kDeployV2 || c.verb == kDeployBug ||
             c.verb == kFixBug) {
    requireArgs(c, 0, 0, "no arguments");
  } else if (c.verb == kScavenge) {
    requireArgs(c, 0, 0, "no arguments");
    if (!options_.retention.on)
      throw InputError("scavenge", "retention on (the options say \"retention\": \"off\")");
  } else if (c.verb == kCorrect) {
    requireArgs(c, 1, 1, "POSITION");
    wholeArg("correct POSITION", a[0], 1, 1e15);
  } else if (c.verb == kSnapshots) {
    requireArgs(c, 1, 1, "EVERY");
    wholeArg("snapshots EVERY", a[0], 0, 1'000'000);
  } else if (c.verb == kExpectedRevision) {
    requireArgs(c, 1, 1, "MODE");
    if (a[0] != "exact" && a[0] != "any")
      throw InputError("expected-revision MODE", "exact or any", "\"" + a[0] + "\"");
  } else if (c.verb == kEventIds) {
    requireArgs(c, 1, 1, "SWITCH");
    onOffArg("event-ids", a[0]);
  } else if (c.verb == kCacheAggregates) {
    requireArgs(c, 1, 1, "SWITCH");
    onOffArg("cache-aggregates", a[0]);
  } else if (c.verb == kAsOf) {
    requireArgs(c, 2, 2, "SECONDS PRODUCT");
    numberArg("as-of SECONDS", a[0], 0, 1e9);
    wholeArg("as-of PRODUCT", a[1], 1, products);
  } else {
    option_checks::unknownVerb(c.verb, verbs());
  }
}

void EsPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  auto& store = static_cast<StoreNode&>(kernel.node(kStore));
  auto& shoppers = static_cast<ShopClient&>(kernel.node(kShoppers));
  auto& clerk = static_cast<ShopClient&>(kernel.node(kClerk));
  const bool shoppersUp = kernel.status(kShoppers) == NodeStatus::Up;
  if (c.verb == kRace) {
    if (!shoppersUp) return;
    const std::int64_t product = a.empty() ? 1 : integer(a[0]);
    // Every item left, twice: each order alone could be served, not both.
    const std::int64_t left = foldAll(store.store(), streams(), streams().product(product)).stock;
    shoppers.race(product, std::max<std::int64_t>(1, left));
  } else if (c.verb == kOrder) {
    if (!shoppersUp) return;
    ShopCommand order;
    order.kind = CommandType::PlaceOrder;
    order.product = integer(a[0]);
    order.quantity = a.size() == 2 ? integer(a[1]) : 1;
    order.order = shoppers.newOrderNumber();
    shoppers.sendNow(order);
  } else if (c.verb == kRestock) {
    if (kernel.status(kClerk) != NodeStatus::Up) return;
    ShopCommand restock;
    restock.kind = CommandType::ReceiveStock;
    restock.product = integer(a[0]);
    restock.quantity = integer(a[1]);
    clerk.sendNow(restock);
  } else if (c.verb == kOrderRate) {
    shoppers.setRate(std::strtod(a[0].c_str(), nullptr));
  } else if (c.verb == kLoseAck) {
    store.loseNextAck();
  } else if (c.verb == kDeployV2) {
    setEveryHandler(kernel, [](CommandHandler& h) { h.options().schema = 2; });
    trace(kernel, kFirstHandler, words_.schemaDeployed, {2});
  } else if (c.verb == kCorrect) {
    correct(kernel, static_cast<Position>(integer(a[0])));
  } else if (c.verb == kSnapshots) {
    const int every = static_cast<int>(integer(a[0]));
    setEveryHandler(kernel, [every](CommandHandler& h) { h.options().snapshotEvery = every; });
  } else if (c.verb == kExpectedRevision) {
    const bool exact = a[0] == "exact";
    setEveryHandler(kernel, [exact](CommandHandler& h) { h.options().expectExact = exact; });
  } else if (c.verb == kEventIds) {
    const bool on = a[0] == "on";
    setEveryHandler(kernel, [on](CommandHandler& h) { h.options().eventIds = on; });
  } else if (c.verb == kCacheAggregates) {
    const bool on = a[0] == "on";
    setEveryHandler(kernel, [on](CommandHandler& h) { h.setCaching(on); });
  } else if (c.verb == kDeployBug) {
    deployRelease(kernel, Fold::DoubleReservation);
    trace(kernel, kFirstHandler, words_.bugDeployed, {release_});
  } else if (c.verb == kFixBug) {
    const Fold before = fold_;
    deployRelease(kernel, Fold::Correct);
    replayLog(kernel, before);
  } else if (c.verb == kScavenge) {
    if (kernel.status(kStore) == NodeStatus::Up && store.retention()) store.scavenge();
  } else if (c.verb == kAsOf) {
    temporalQuery(kernel, std::strtod(a[0].c_str(), nullptr), integer(a[1]));
  }
}

// Teaching note: a wrong event is never edited. The clerk appends a
// compensating event that undoes its effect, and both stay in the log.
void EsPattern::correct(Kernel& kernel, Position position) {
  const auto& store = static_cast<const StoreNode&>(kernel.node(kStore)).store();
  if (position > store.head() || !store.holds(position)) return;
  const RecordedEvent& wrong = store.at(position);
  if (!streams().isProduct(wrong.stream) ||
      wrong.data.type != static_cast<std::uint16_t>(EventType::StockReceived))
    return;
  ShopCommand c;
  c.kind = CommandType::CorrectStock;
  c.product = streams().number(wrong.stream);
  c.quantity = -wrong.data.body[0];
  c.corrects = position;
  trace(kernel, kClerk, words_.eventCorrected,
        {static_cast<std::int64_t>(position), c.product, c.quantity});
  if (kernel.status(kClerk) == NodeStatus::Up)
    static_cast<ShopClient&>(kernel.node(kClerk)).sendNow(c);
}

// A release goes to both shops: every handler and the CRUD twin run its code.
void EsPattern::deployRelease(Kernel& kernel, Fold fold) {
  ++release_;
  fold_ = fold;
  setEveryHandler(kernel, [fold](CommandHandler& h) { h.deploy(fold); });
  static_cast<CrudTwin&>(kernel.node(kCrud)).deploy(fold);
}

// Teaching note: repair by replay. The handlers hold no state of their own:
// from now on every load folds the stream's events through the fixed fold
// (snapshots of the buggy release are not trusted). This replays every
// product's stream the same way to say what that repairs; the CRUD twin's
// rows were written in place by the buggy code, and no record says by how
// much each one is off. `before`: the fold of the release replaced.
void EsPattern::replayLog(Kernel& kernel, Fold before) {
  const auto& store = static_cast<const StoreNode&>(kernel.node(kStore)).store();
  const auto& crud = static_cast<const CrudTwin&>(kernel.node(kCrud));
  std::int64_t events = 0, repaired = 0, crudWrong = 0;
  for (std::int64_t p = 1; p <= options_.products; ++p) {
    const StreamId stream = streams().product(p);
    const Aggregate fixed = foldAll(store, streams(), stream);
    const Aggregate old = foldAll(store, streams(), stream, before);
    events += static_cast<std::int64_t>(store.events(stream).size());
    repaired += fixed.stock != old.stock ? 1 : 0;
    crudWrong += crud.stock(p) != fixed.stock ? 1 : 0;
  }
  trace(kernel, kFirstHandler, words_.logReplayed,
        {release_, events, repaired, crudWrong,
         foldAll(store, streams(), streams().product(1)).stock, crud.stock(1)});
}

void EsPattern::temporalQuery(Kernel& kernel, double seconds, std::int64_t product) {
  const auto& store = static_cast<const StoreNode&>(kernel.node(kStore)).store();
  const Position at = positionAt(store, static_cast<std::int64_t>(seconds * 1e6));
  const StreamId stream = streams().product(product);
  if (const Position from = std::max(asOfFrom(store, stream), store.horizon() + 1);
      store.horizon() > 0 && at < from) {
    // The typed answer: no state as of then, the events are reclaimed.
    trace(kernel, kAnalytics, words_.temporalQueryScavenged,
          {product, static_cast<std::int64_t>(at), static_cast<std::int64_t>(from)});
    return;
  }
  const Aggregate then = stateAsOf(store, streams(), streams().product(product), at);
  const auto& crud = static_cast<const CrudTwin&>(kernel.node(kCrud));
  trace(kernel, kAnalytics, words_.temporalQuery,
        {product, static_cast<std::int64_t>(at), then.stock, then.reservations, then.lastOrder,
         crud.stock(product)});
}

}  // namespace cs::event_sourcing
