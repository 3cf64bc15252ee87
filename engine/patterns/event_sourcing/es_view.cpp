// What the window and the inspector see of the Event Sourcing world: the
// typed view (es_view.h), built by folding the store's streams, and the
// inspector's rows of display text, which nothing parses back. See
// es_pattern.h. Kernel thread only.
#include <map>

#include "clusterscope/event_sourcing/es_view.h"
#include "patterns/event_sourcing/analytics.h"
#include "patterns/event_sourcing/command_handler.h"
#include "patterns/event_sourcing/crud_twin.h"
#include "patterns/event_sourcing/es_pattern.h"
#include "patterns/event_sourcing/history_builder.h"
#include "patterns/event_sourcing/shop_client.h"
#include "patterns/event_sourcing/store_node.h"
#include "patterns/option_checks.h"

namespace cs::event_sourcing {
namespace {

// How many of the newest events the view carries, each with its state.
constexpr std::size_t kRecentEvents = 240;

std::string count(std::uint64_t n) {
  return std::to_string(n);
}

std::string revisionText(Revision r) {
  return r == kNoStreamRevision ? "no stream" : std::to_string(r);
}

std::string expectedText(std::int64_t code) {
  return code >= 0 ? std::to_string(code) : code == -1 ? "no stream" : "any";
}

// The newest events, each with its stream's state after it: a product's
// from its history, an order's by one fold of its (short) stream.
std::vector<LogEntry> recentLog(const EventStore& store, const ShopStreams& streams,
                                const HistoryBuilder& histories) {
  std::vector<LogEntry> out;
  const Position head = store.head();
  const Position first =
      std::max(head > kRecentEvents ? head - kRecentEvents + 1 : 1, store.horizon() + 1);
  std::map<StreamId, std::vector<std::size_t>> byStream;  // entries to fill by folding
  for (Position p = first; p <= head; ++p) {
    const RecordedEvent& e = store.at(p);
    LogEntry l;
    l.position = p;
    l.stream = e.stream;
    l.streamName = streams.name(e.stream);
    l.revision = e.revision;
    l.type = eventTypeName(e.data.type);
    l.schema = e.data.schema;
    l.body = e.data.body;
    l.recordedAt = SimTime{e.recordedAt};
    l.compensating = e.data.type == static_cast<std::uint16_t>(EventType::StockCorrected);
    l.product = streams.isProduct(e.stream);
    if (histories.has(e.stream)) {
      const ProductChange& c = *histories.history(streams.number(e.stream)).asOf(p);
      l.stockAfter = c.stock;
      l.reservationsAfter = c.reservations;
      l.lastOrderAfter = c.lastOrder;
    } else {
      byStream[e.stream].push_back(out.size());
    }
    out.push_back(std::move(l));
  }
  for (const auto& [stream, entries] : byStream) {
    Aggregate a;
    const bool product = streams.isProduct(stream);
    std::size_t next = 0;
    for (Position p : store.positions(stream)) {
      apply(a, product, store.at(p));
      if (next < entries.size() && out[entries[next]].position == p) {
        LogEntry& l = out[entries[next++]];
        l.stockAfter = a.stock;
        l.reservationsAfter = a.reservations;
        l.lastOrderAfter = a.lastOrder;
        l.statusAfter = orderStatusName(a.status);
      }
    }
  }
  return out;
}

}  // namespace

std::int64_t EsPattern::shownProducts() const {
  return std::min<std::int64_t>(options_.products, kProductRows);
}

const HistoryBuilder& EsPattern::histories(const EventStore& store) const {
  if (!histories_) histories_ = std::make_unique<HistoryBuilder>(streams(), shownProducts());
  histories_->catchUp(store);
  return *histories_;
}

std::shared_ptr<const PatternView> EsPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<EsView>();
  const auto& storeNode = static_cast<const StoreNode&>(kernel.node(kStore));
  const EventStore& store = storeNode.store();
  StoreView& s = v->store;
  s.id = kStore;
  s.crashed = kernel.status(kStore) == NodeStatus::Crashed;
  s.head = store.head();
  s.streams = store.streamCount();
  s.snapshots = store.snapshotCount();
  s.committed = storeNode.committed();
  s.rejected = storeNode.rejected();
  s.recognised = storeNode.recognised();
  s.lostAppends = storeNode.lostAppends();
  s.inProgress = storeNode.appendsInProgress();
  if (const auto& policy = storeNode.retention()) {
    RetentionView& r = s.retention;
    r.on = policy->options().on;
    r.horizon = store.horizon();
    r.scavenges = storeNode.scavenges();
    r.lastReclaimed = storeNode.lastScavenge().reclaimed;
    r.eventsHeld = store.eventsHeld();
    r.scavengeEverySeconds = static_cast<double>(policy->options().scavengeEvery.count()) / 1e6;
    r.orderMaxAgeSeconds = static_cast<double>(policy->options().orderMaxAge.count()) / 1e6;
    r.abandonedOrderAgeSeconds =
        static_cast<double>(policy->options().abandonedOrderAge.count()) / 1e6;
  }
  s.liveSubscribers = storeNode.liveSubscribers();
  if (const auto& r = storeNode.lastRejection(); r.any)
    s.lastRejection = {true, streams().name(r.stream), r.expected.code(), r.actual, r.writer, r.at};
  const HistoryBuilder& histories = this->histories(store);
  s.recent = recentLog(store, streams(), histories);

  for (int h = 0; h < options_.handlers; ++h) {
    const NodeId id = kFirstHandler + static_cast<NodeId>(h);
    const auto& handler = static_cast<const CommandHandler&>(kernel.node(id));
    HandlerView hv;
    hv.id = id;
    hv.name = nodeName(id);
    hv.crashed = kernel.status(id) == NodeStatus::Crashed;
    const auto& held = handler.holding();
    hv.holds = held.any;
    if (held.any) {
      hv.stream = streams().name(held.stream);
      hv.revision = held.state.revision;
      hv.snapshotRevision = held.snapshotRevision;
      hv.cachedRevision = held.cachedRevision;
      hv.folded = held.folded;
      hv.stock = held.state.stock;
      hv.status = orderStatusName(held.state.status);
    }
    hv.queued = handler.queued();
    hv.done = handler.done();
    hv.refused = handler.refused();
    hv.gaveUp = handler.gaveUp();
    hv.conflicts = handler.conflicts();
    hv.retries = handler.retries();
    v->handlers.push_back(std::move(hv));
  }
  for (NodeId id : {NodeId{kClerk}, NodeId{kShoppers}}) {
    const auto& c = static_cast<const ShopClient&>(kernel.node(id));
    v->clients.push_back({id, nodeName(id), kernel.status(id) == NodeStatus::Crashed,
                          c.options().rate, c.sent(), c.done(), c.refused(), c.gaveUp()});
  }
  const auto& analytics = static_cast<const Analytics&>(kernel.node(kAnalytics));
  v->analytics = {kAnalytics,
                  kernel.status(kAnalytics) == NodeStatus::Crashed,
                  analytics.checkpoint(),
                  store.head() - std::min(store.head(), analytics.checkpoint()),
                  analytics.live(),
                  analytics.oversold(),
                  analytics.fellBehind()};
  v->crud = kCrud;
  v->crudCrashed = kernel.status(kCrud) == NodeStatus::Crashed;
  const auto& crud = static_cast<const CrudTwin&>(kernel.node(kCrud));
  for (std::int64_t p = 1; p <= shownProducts(); ++p) {
    const Aggregate& a = histories.current(p);
    v->products.push_back({p, a.stock, a.reservations, a.lastOrder, a.lastReservedAt, crud.stock(p),
                           histories.history(p)});
  }
  const auto& first = static_cast<const CommandHandler&>(kernel.node(kFirstHandler));
  v->settings = {first.options().expectExact,
                 first.options().eventIds,
                 first.options().snapshotEvery,
                 first.options().schema,
                 storeNode.losingNextAck(),
                 first.options().cacheAggregates,
                 first.options().fold != Fold::Correct};
  return v;
}

NodeSnapshot EsPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot snap;
  snap.id = node;
  snap.name = nodeName(node);
  snap.status = kernel.status(node);
  snap.slowBy = kernel.slowness(node);
  auto& f = snap.fields;
  if (node == kStore) {
    const auto& s = static_cast<const StoreNode&>(kernel.node(node));
    snap.role = "event store";
    f.emplace_back("head (global position)", count(s.store().head()));
    f.emplace_back("streams", count(s.store().streamCount()));
    f.emplace_back("snapshots kept", count(s.store().snapshotCount()));
    f.emplace_back("appends committed", count(s.committed()));
    f.emplace_back("wrong expected version", count(s.rejected()));
    f.emplace_back("retries recognised", count(s.recognised()));
    f.emplace_back("appends lost in crashes", count(s.lostAppends()));
    f.emplace_back("appends in progress", count(s.appendsInProgress()));
    if (s.retention() && s.retention()->options().on) {
      f.emplace_back("events held", count(s.store().eventsHeld()));
      f.emplace_back("scavenges", count(s.scavenges()));
      f.emplace_back("scavenged up to position", count(s.store().horizon()));
    } else {
      f.emplace_back("retention", "off: every event is kept");
    }
    if (const auto& r = s.lastRejection(); r.any)
      f.emplace_back("last rejected", streams().name(r.stream) + ": expected " +
                                          expectedText(r.expected.code()) + ", stream is at " +
                                          revisionText(r.actual));
  } else if (node >= kFirstHandler) {
    const auto& h = static_cast<const CommandHandler&>(kernel.node(node));
    snap.role = "command handler";
    const auto& held = h.holding();
    if (held.any) {
      f.emplace_back("holds", streams().name(held.stream) + " at revision " +
                                  revisionText(held.state.revision));
      const std::string start = held.snapshotRevision != kNoStreamRevision
                                    ? "snapshot at " + std::to_string(held.snapshotRevision) + " + "
                                : held.cachedRevision != kNoStreamRevision
                                    ? "cached at " + std::to_string(held.cachedRevision) + " + "
                                    : "";
      f.emplace_back("loaded from", start + count(held.folded) + " events");
    }
    f.emplace_back("expected revision", h.options().expectExact ? "exact" : "any");
    f.emplace_back("event ids on retry", h.options().eventIds ? "same" : "fresh");
    f.emplace_back("writes ItemReserved", "v" + std::to_string(h.options().schema));
    f.emplace_back("aggregate cache", h.options().cacheAggregates ? "on" : "off");
    f.emplace_back("queued", count(h.queued()));
    f.emplace_back("done / refused / gave up",
                   count(h.done()) + " / " + count(h.refused()) + " / " + count(h.gaveUp()));
    f.emplace_back("conflicts", count(h.conflicts()));
    f.emplace_back("append retries", count(h.retries()));
  } else if (node == kAnalytics) {
    const auto& a = static_cast<const Analytics&>(kernel.node(node));
    snap.role = "catch-up subscriber";
    f.emplace_back("checkpoint", count(a.checkpoint()));
    f.emplace_back("mode", a.live() ? "live" : "catching up");
    f.emplace_back("oversold seen", count(a.oversold()));
  } else if (node == kCrud) {
    const auto& c = static_cast<const CrudTwin&>(kernel.node(node));
    snap.role = "CRUD twin";
    snap.member = false;
    for (std::int64_t p = 1; p <= std::min<std::int64_t>(options_.products, 10); ++p)
      f.emplace_back("product-" + std::to_string(p) + " stock", std::to_string(c.stock(p)));
    f.emplace_back("rows updated", count(c.updates()));
  } else {
    const auto& c = static_cast<const ShopClient&>(kernel.node(node));
    snap.role = node == kClerk ? "clerk" : "shoppers";
    snap.member = false;
    f.emplace_back("rate", option_checks::numberText(c.options().rate) + "/s");
    f.emplace_back("sent", count(c.sent()));
    f.emplace_back("done / refused / gave up",
                   count(c.done()) + " / " + count(c.refused()) + " / " + count(c.gaveUp()));
  }
  return snap;
}

}  // namespace cs::event_sourcing
