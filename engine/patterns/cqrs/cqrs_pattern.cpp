// The CQRS pattern's world: building it, its role words, its checkers and
// its gauges. Verbs are in cqrs_verbs.cpp, snapshots and the typed view in
// cqrs_view.cpp. See cqrs_pattern.h. Kernel thread only.
#include "patterns/cqrs/cqrs_pattern.h"

#include <algorithm>
#include <cassert>

#include "patterns/cqrs/browse_client.h"
#include "patterns/cqrs/concurrent_store.h"
#include "patterns/cqrs/cqrs_checker.h"
#include "patterns/cqrs/one_model_db.h"
#include "patterns/cqrs/order_client.h"
#include "patterns/cqrs/order_handler.h"
#include "patterns/cqrs/projector.h"
#include "patterns/cqrs/read_replica.h"
#include "patterns/event_sourcing/shop_client.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::cqrs {

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<CqrsPattern>(parseCqrsOptions(options));
}

std::string CqrsPattern::nodeName(NodeId node) const {
  static const char* const kNames[] = {"store", "clerk", "shoppers", "browsers", "database"};
  if (node < kFirstHandler) return kNames[node];
  if (isHandler(node)) return "handler-" + std::to_string(node - kFirstHandler + 1);
  if (isProjector(node))
    return projectorName(static_cast<int>(node - projector(0)), options_.projectors);
  return "replica-" + std::to_string(node - firstReplica() + 1);
}

void CqrsPattern::build(Kernel& kernel) {
  words_ = defineWords(kernel);
  ledger_ = StockLedger(streams());
  Metrics& metrics = kernel.metrics();
  const CqrsOptions& o = options_;
  std::vector<NodeId> handlers;
  for (int h = 0; h < o.handlers; ++h) handlers.push_back(kFirstHandler + static_cast<NodeId>(h));

  event_sourcing::StoreOptions so;
  so.commitDelay = o.commitDelay;
  if (o.retention.on) so.retention.emplace(streams(), o.retention);
  std::unique_ptr<Node> storeNode;
  if (o.storeWriters > 1)
    storeNode = std::make_unique<ConcurrentStore>(
        words_.es, so, ConcurrentWrites{o.storeWriters, o.commitJitter}, metrics);
  else
    storeNode = std::make_unique<event_sourcing::StoreNode>(words_.es, so, metrics);
  [[maybe_unused]] const NodeId store = kernel.addNode(std::move(storeNode));
  assert(store == kStore);

  // The clerk adds the products with their opening stock, then restocks.
  event_sourcing::ClientOptions clerk;
  clerk.role = event_sourcing::ClientOptions::Role::Clerk;
  clerk.handlers = handlers;
  clerk.products = o.products;
  clerk.rate = o.oneModel ? 0 : o.restockRate;
  clerk.initialStock = o.initialStock;
  kernel.addNode(std::make_unique<event_sourcing::ShopClient>(words_.es, clerk));

  OrderOptions shoppers;
  shoppers.writeTargets = o.oneModel ? std::vector<NodeId>{kDatabase} : handlers;
  shoppers.products = o.products;
  shoppers.sessions = o.sessions;
  shoppers.rate = o.orderRate;
  shoppers.tokens = o.tokens;
  kernel.addNode(std::make_unique<OrderClient>(words_, shoppers));

  BrowseOptions browsers;
  browsers.products = o.products;
  browsers.rate = o.readRate;
  kernel.addNode(std::make_unique<BrowseClient>(words_, browsers));

  DbOptions db;
  db.streams = streams();
  db.sessions = o.sessions;
  db.initialStock = o.initialStock;
  db.workers = o.dbWorkers;
  db.queue = o.dbQueue;
  db.readCost = o.dbReadCost;
  db.writeCost = o.dbWriteCost;
  kernel.addNode(std::make_unique<OneModelDb>(words_, db));

  for (int h = 0; h < o.handlers; ++h) {
    event_sourcing::HandlerOptions ho;
    ho.store = kStore;
    ho.streams = streams();
    ho.snapshotEvery = o.snapshotEvery;
    auto handler = std::make_unique<OrderHandler>(words_, ho, metrics, h + 1);
    handler->setValidateOnReadModel(o.validateOnReadModel);
    kernel.addNode(std::move(handler));
  }
  std::vector<NodeId> projectorIds;
  for (int i = 0; i < o.projectors; ++i) {
    ProjectorOptions po;
    po.store = kStore;
    po.streams = streams();
    po.sessions = o.sessions;
    po.filter = filterOf(i, o.projectors);
    po.workers = o.projectorWorkers;
    po.projectCost = o.projectCost;
    po.idempotent = o.idempotent;
    po.checkpoint = o.checkpoint;
    po.checkpointEvery = o.checkpointEvery;
    po.flushEvery = o.flushEvery;
    po.orderClient = kShoppers;
    po.orderTtl = o.orderTtl;
    projectorIds.push_back(kernel.addNode(std::make_unique<Projector>(words_, po)));
  }
  for (int r = 0; r < kMaxReplicas; ++r) {
    ReplicaOptions ro;
    ro.projectors = projectorIds;
    ro.streams = streams();
    ro.sessions = o.sessions;
    ro.workers = o.replicaWorkers;
    ro.queue = o.replicaQueue;
    ro.queryCost = o.queryCost;
    ro.tokenWait = o.tokenWait;
    ro.orderTtl = o.orderTtl;
    kernel.addNode(std::make_unique<ReadReplica>(words_, ro));
  }
  for (NodeId n = 0; n < kernel.nodeCount(); ++n) kernel.nameNode(n, nodeName(n));
  kernel.network().setDefaultLink(o.link());

  // The read model furthest behind; each projector's own lag follows.
  lagEvents_ = metrics.define(MetricInfo::gauge("cqrs.lag", "projection", "projector", "lag"));
  lagMs_ = metrics.define(MetricInfo::gauge("cqrs.lag_age", "projection", "projector", "lag_age",
                                            MetricUnit::Microseconds));
  queryP99_ = metrics.define(
      MetricInfo::gauge("cqrs.query_p99", "latency", "query", "p99", MetricUnit::Microseconds));
  orderP99_ = metrics.define(
      MetricInfo::gauge("cqrs.order_p99", "latency", "order", "p99", MetricUnit::Microseconds));
  for (int i = 0; i < o.projectors; ++i) {
    const std::string name = nodeName(projector(i));
    projectorLag_.push_back(
        metrics.define(MetricInfo::gauge("cqrs." + name + ".lag", "projection", name, "lag")));
  }
  oversold_ = metrics.define(MetricInfo::gauge("cqrs.oversold", "stock", "", "oversold"));
  replicasMetric_ = metrics.define(MetricInfo::gauge("cqrs.replicas", "replicas", "", "active"));
  readRate_ = metrics.define(MetricInfo::gauge("cqrs.query_rate", "load", "query", "rate"));
  for (int r = 0; r < kMaxReplicas; ++r) {
    const std::string name = nodeName(replica(r));
    replicaLoad_.push_back(
        metrics.define(MetricInfo::gauge("cqrs." + name + ".load", "replica", name, "load")));
  }
  setActiveReplicas(kernel, o.oneModel ? 0 : o.replicas);
  // In one-model mode the replicas stand idle: the database is the only target.
  if (o.oneModel) activeReplicas_ = 0;
}

std::vector<NodeId> CqrsPattern::queryTargets() const {
  if (options_.oneModel) return {kDatabase};
  std::vector<NodeId> t;
  for (int r = 0; r < activeReplicas_; ++r) t.push_back(replica(r));
  return t;
}

void CqrsPattern::setActiveReplicas(Kernel& kernel, int count) {
  activeReplicas_ = count;
  for (int r = 0; r < kMaxReplicas; ++r)
    static_cast<ReadReplica&>(kernel.node(replica(r))).setActive(r < count);
  const std::vector<NodeId> targets = queryTargets();
  for (int i = 0; i < options_.projectors; ++i)
    static_cast<Projector&>(kernel.node(projector(i))).setReplicas(targets);
  static_cast<BrowseClient&>(kernel.node(kBrowsers)).setTargets(targets);
  for (int h = 0; h < options_.handlers; ++h)
    static_cast<OrderHandler&>(kernel.node(kFirstHandler + static_cast<NodeId>(h)))
        .setReplicas(targets);
  static_cast<OrderClient&>(kernel.node(kShoppers)).setQueryTargets(targets);
}

std::optional<NodeId> CqrsPattern::resolve(const Kernel& kernel, std::string_view role) const {
  if (role == "handler") return kFirstHandler;
  if (role == "replica") return replica(0);
  if (role == "projector") return projector(0);
  for (NodeId n = 0; n < kernel.nodeCount(); ++n)
    if (role == nodeName(n)) return n;
  return std::nullopt;
}

// "handler", "replica" and "projector" are the first of each; the other
// nodes go by their names.
std::vector<std::string> CqrsPattern::roleWords() const {
  return {"handler", "replica", "projector"};
}

std::vector<std::unique_ptr<Checker>> CqrsPattern::checkers(const Kernel&) const {
  CheckedWorld w{words_,         streams(),    options_.sessions,
                 kStore,         projector(0), options_.projectors,
                 firstReplica(), kMaxReplicas, options_.orderTtl};
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<FoldChecker>(w));
  v.push_back(std::make_unique<CheckpointChecker>(w));
  v.push_back(std::make_unique<ReadYourWritesChecker>(w));
  v.push_back(std::make_unique<MonotonicReadsChecker>(w));
  v.push_back(std::make_unique<WriteModelDecidesChecker>(
      event_sourcing::CheckedWorld{words_.es, kStore, streams()}));
  return v;
}

std::uint64_t CqrsPattern::lagEvents(const Kernel& kernel, int i) const {
  const auto& store = static_cast<const event_sourcing::StoreNode&>(kernel.node(kStore)).store();
  const auto& p = static_cast<const Projector&>(kernel.node(projector(i)));
  return store.head() > p.position() ? store.head() - p.position() : 0;
}

std::int64_t CqrsPattern::lagUs(const Kernel& kernel, int i) const {
  const auto& store = static_cast<const event_sourcing::StoreNode&>(kernel.node(kStore)).store();
  const auto& p = static_cast<const Projector&>(kernel.node(projector(i)));
  // The oldest event not yet applied; a scavenge may have reclaimed some after it.
  const Position next = store.nextHeld(p.position() + 1);
  if (next > store.head()) return 0;
  return kernel.now().count() - store.at(next).recordedAt;
}

void CqrsPattern::updateGauges(Kernel& kernel) {
  Metrics& m = kernel.metrics();
  // The headline lag is the read model furthest behind.
  std::int64_t worstEvents = 0, worstUs = 0;
  for (int i = 0; i < options_.projectors; ++i) {
    const auto events = static_cast<std::int64_t>(lagEvents(kernel, i));
    m.set(projectorLag_[static_cast<std::size_t>(i)], events);
    worstEvents = std::max(worstEvents, events);
    worstUs = std::max(worstUs, lagUs(kernel, i));
  }
  m.set(lagEvents_, worstEvents);
  m.set(lagMs_, worstUs);
  auto& browsers = static_cast<BrowseClient&>(kernel.node(kBrowsers));
  auto& shoppers = static_cast<OrderClient&>(kernel.node(kShoppers));
  m.set(queryP99_, browsers.latency().recentP99(kernel.now()));
  m.set(orderP99_, shoppers.latency().recentP99(kernel.now()));
  m.set(replicasMetric_, activeReplicas_);
  m.set(oversold_,
        ledger_.follow(static_cast<const event_sourcing::StoreNode&>(kernel.node(kStore)).store()));
  const std::int64_t interval = std::max<std::int64_t>(1, m.interval().count());
  m.set(readRate_,
        static_cast<std::int64_t>(browsers.sent() - lastQueries_) * 1'000'000 / interval);
  lastQueries_ = browsers.sent();
  for (int r = 0; r < kMaxReplicas; ++r) {
    const auto& rep = static_cast<const ReadReplica&>(kernel.node(replica(r)));
    m.set(replicaLoad_[static_cast<std::size_t>(r)],
          rep.busy() + static_cast<std::int64_t>(rep.queued()));
  }
}

}  // namespace cs::cqrs
