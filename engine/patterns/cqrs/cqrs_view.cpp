// The CQRS pattern's snapshots (inspector rows) and typed view (what the
// window draws). See cqrs_pattern.h and cqrs_view.h. Kernel thread only.
#include <algorithm>

#include "clusterscope/cqrs/cqrs_view.h"
#include "patterns/cqrs/browse_client.h"
#include "patterns/cqrs/concurrent_store.h"
#include "patterns/cqrs/cqrs_pattern.h"
#include "patterns/cqrs/one_model_db.h"
#include "patterns/cqrs/order_client.h"
#include "patterns/cqrs/order_handler.h"
#include "patterns/cqrs/projector.h"
#include "patterns/cqrs/read_replica.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::cqrs {
namespace {

constexpr int kListingRows = 6;

std::string text(std::uint64_t v) {
  return std::to_string(v);
}

std::string millis(std::int64_t us) {
  return std::to_string(us / 1'000) + "." + std::to_string(us % 1'000 / 100) + " ms";
}

template <class Server>
PoolView poolOf(const Server& s) {
  return {s.workers(), s.busy(), static_cast<int>(s.queued()), static_cast<int>(s.queueCapacity())};
}

}  // namespace

NodeSnapshot CqrsPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot s;
  s.id = node;
  s.name = nodeName(node);
  s.status = kernel.status(node);
  s.slowBy = kernel.slowness(node);
  auto row = [&](std::string k, std::string v) {
    s.fields.emplace_back(std::move(k), std::move(v));
  };
  if (node == kStore) {
    const auto& store = static_cast<const event_sourcing::StoreNode&>(kernel.node(node));
    s.role = "event store (write side)";
    row("head", text(store.store().head()));
    row("streams", text(store.store().streamCount()));
    row("appends committed", text(store.committed()));
  } else if (node == kClerk || node == kShoppers || node == kBrowsers) {
    s.member = false;
    s.role = node == kBrowsers ? "query clients" : "command clients";
    if (node == kShoppers) {
      const auto& c = static_cast<const OrderClient&>(kernel.node(node));
      row("orders done", text(c.done()));
      row("order p99", millis(c.latency().recentP99(kernel.now())));
      row("last order's position", text(c.lastToken()));
      row("read-your-writes tokens", c.options().tokens ? "on" : "off");
      row("stale reads (silent)", text(c.staleReads()));
      row("reads marked stale", text(c.markedStale()));
    } else if (node == kBrowsers) {
      const auto& c = static_cast<const BrowseClient&>(kernel.node(node));
      row("reads per second", text(static_cast<std::uint64_t>(c.rate())));
      row("query p99", millis(c.latency().recentP99(kernel.now())));
      row("rejected", text(c.rejected()));
    }
  } else if (isProjector(node)) {
    const int i = static_cast<int>(node - projector(0));
    const auto& p = static_cast<const Projector&>(kernel.node(node));
    s.role = "projector (read side)";
    std::string models;
    for (ReadModelKind m : modelsOf(i, options_.projectors))
      models += (models.empty() ? "" : ", ") + std::string(modelName(m));
    row("read models", models);
    row("position", text(p.position()));
    row("checkpoint saved", text(p.checkpoint()));
    row("lag", text(lagEvents(kernel, i)) + " events, " + millis(lagUs(kernel, i)));
    row("partitions", std::to_string(p.options().workers));
    row("epoch", std::to_string(p.epoch()));
    row("idempotent", p.options().idempotent ? "yes (by version)" : "no (unsafe)");
    row("checkpoint rule",
        p.options().checkpoint == CheckpointRule::GapAware ? "gap-aware" : "high-water (unsafe)");
    row("applied / skipped / twice",
        text(p.applied()) + " / " + text(p.skipped()) + " / " + text(p.twice()));
  } else if (node == kDatabase) {
    const auto& db = static_cast<const OneModelDb&>(kernel.node(node));
    s.role = options_.oneModel ? "one model: reads and writes" : "one model (idle)";
    row("workers busy", std::to_string(db.busy()) + " of " + std::to_string(db.workers()));
    row("queued", text(db.queued()));
    row("rejected", text(db.rejected()));
  } else if (isHandler(node)) {
    const auto& h = static_cast<const OrderHandler&>(kernel.node(node));
    s.role = "command handler";
    row("queued", text(h.queued() + h.inFlight()));
    row("done", text(h.done() + h.doneOnReadModel()));
    row("orders validated on",
        h.validatesOnReadModel() ? "the read model (unsafe)" : "the write model");
    row("decided on the read model", text(h.decidedOnReadModel()));
  } else if (isReplica(node)) {
    const auto& r = static_cast<const ReadReplica&>(kernel.node(node));
    s.role = r.active() ? "read replica" : "read replica (spare)";
    s.member = r.active();
    for (int i = 0; i < r.copies(); ++i)
      row(nodeName(projector(i)) + "'s models at", text(r.position(i)));
    row("workers busy", std::to_string(r.busy()) + " of " + std::to_string(r.workers()));
    row("queued", text(r.queued()));
    row("waiting for a position", text(r.waiting()));
    row("served / stale / rejected",
        text(r.served()) + " / " + text(r.stale()) + " / " + text(r.rejected()));
  }
  return s;
}

std::shared_ptr<const PatternView> CqrsPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<CqrsView>();
  v->oneModel = options_.oneModel;
  v->now = kernel.now();
  const auto& storeNode = static_cast<const event_sourcing::StoreNode&>(kernel.node(kStore));
  const auto& store = storeNode.store();
  v->write.store = kStore;
  v->write.storeCrashed = kernel.status(kStore) == NodeStatus::Crashed;
  v->write.head = store.head();
  if (store.head() > 0)
    v->write.headAgeUs = kernel.now().count() - store.at(store.head()).recordedAt;
  for (int h = 0; h < options_.handlers; ++h) {
    const NodeId id = kFirstHandler + static_cast<NodeId>(h);
    const auto& handler = static_cast<const OrderHandler&>(kernel.node(id));
    v->write.handlers.push_back({id, nodeName(id), kernel.status(id) == NodeStatus::Crashed,
                                 static_cast<int>(handler.queued() + handler.inFlight()),
                                 handler.done() + handler.doneOnReadModel(),
                                 handler.decidedOnReadModel()});
    v->write.validateOnReadModel = v->write.validateOnReadModel || handler.validatesOnReadModel();
  }
  v->write.oversold = ledger_.oversold();
  v->write.writers = options_.storeWriters;
  if (const auto* concurrent = dynamic_cast<const ConcurrentStore*>(&storeNode))
    for (Position p : concurrent->unseen()) v->write.unseen.push_back(p);

  for (int i = 0; i < options_.projectors; ++i) {
    const NodeId id = projector(i);
    const auto& p = static_cast<const Projector&>(kernel.node(id));
    ProjectorView pv;
    pv.id = id;
    pv.name = nodeName(id);
    for (ReadModelKind m : modelsOf(i, options_.projectors)) pv.models.emplace_back(modelName(m));
    pv.crashed = kernel.status(id) == NodeStatus::Crashed;
    pv.live = p.live();
    pv.position = p.position();
    pv.checkpoint = p.checkpoint();
    pv.received = p.received();
    pv.heldAt = p.heldAtGap();
    pv.lagEvents = lagEvents(kernel, i);
    pv.lagUs = lagUs(kernel, i);
    pv.epoch = p.epoch();
    pv.workers = p.options().workers;
    pv.partitionDepths = p.partitionDepths();
    pv.idempotent = p.options().idempotent;
    pv.highWater = p.options().checkpoint == CheckpointRule::HighWater;
    pv.rebuilding = p.rebuilding().has_value();
    pv.rebuildPosition = p.rebuilding().value_or(0);
    pv.rebuildingInPlace = p.rebuildingInPlace();
    pv.appliedTwice = p.twice();
    v->projectors.push_back(std::move(pv));
  }

  for (int r = 0; r < kMaxReplicas; ++r) {
    const NodeId id = replica(r);
    const auto& rep = static_cast<const ReadReplica&>(kernel.node(id));
    ReplicaView rv;
    rv.id = id;
    rv.name = nodeName(id);
    rv.active = rep.active() && !options_.oneModel;
    rv.crashed = kernel.status(id) == NodeStatus::Crashed;
    rv.synced = rep.synced();
    rv.position = rep.position();
    for (int i = 0; i < rep.copies(); ++i) rv.copies.push_back(rep.position(i));
    rv.lagEvents = store.head() > rep.position() ? store.head() - rep.position() : 0;
    rv.pool = poolOf(rep);
    rv.waiting = static_cast<int>(rep.waiting());
    rv.served = rep.served();
    rv.rejected = rep.rejected();
    rv.stale = rep.stale();
    v->replicas.push_back(std::move(rv));
  }
  const auto& db = static_cast<const OneModelDb&>(kernel.node(kDatabase));
  v->database.id = kDatabase;
  v->database.crashed = kernel.status(kDatabase) == NodeStatus::Crashed;
  v->database.pool = poolOf(db);
  v->database.writes = db.writes();

  const auto& browsers = static_cast<const BrowseClient&>(kernel.node(kBrowsers));
  const auto& shoppers = static_cast<const OrderClient&>(kernel.node(kShoppers));
  v->tokens = shoppers.options().tokens;
  v->readRate = browsers.rate();
  v->orderRate = shoppers.options().rate;
  v->queryP99Us = browsers.latency().recentP99(kernel.now());
  v->orderP99Us = shoppers.latency().recentP99(kernel.now());
  v->ordersDone = shoppers.done();
  v->staleReads = shoppers.staleReads();
  v->markedStale = shoppers.markedStale();
  v->freshReads = shoppers.freshReads();
  v->lastOrder = shoppers.lastOrder();
  v->lastToken = shoppers.lastToken();
  const StaleRead& st = shoppers.lastStale();
  v->lastStale = {st.any,
                  st.marked,
                  st.session,
                  st.order,
                  st.orderPosition,
                  st.replicaPosition,
                  st.replica == kNoNode ? "" : nodeName(st.replica),
                  st.at};

  // The listing as the first active replica (or the database) shows it,
  // beside the truth folded from the store.
  const ReadModel* shown = &db.model();
  if (!options_.oneModel && activeReplicas_ > 0)
    shown = &static_cast<const ReadReplica&>(kernel.node(replica(0))).modelFor(QueryKind::Listing);
  for (std::int64_t product = 1; product <= std::min(options_.products, kListingRows); ++product) {
    ListingRow lr;
    lr.product = product;
    const Row* row = shown->row(streams().product(product));
    lr.shown = row && row->revision >= 0;
    lr.stockShown = lr.shown ? row->a : 0;
    lr.stockTrue =
        options_.oneModel
            ? lr.stockShown
            : event_sourcing::foldAll(store, streams(), streams().product(product)).stock;
    v->listing.push_back(lr);
  }
  return v;
}

}  // namespace cs::cqrs
