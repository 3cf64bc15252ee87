// The Event Sourcing pattern's world: building it, its role words, its
// checkers and its gauges. Verbs are in es_verbs.cpp, snapshots and the
// typed view in es_view.cpp. See es_pattern.h. Kernel thread only.
#include "patterns/event_sourcing/es_pattern.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>

#include "patterns/event_sourcing/analytics.h"
#include "patterns/event_sourcing/command_handler.h"
#include "patterns/event_sourcing/crud_twin.h"
#include "patterns/event_sourcing/history_builder.h"
#include "patterns/event_sourcing/shop_client.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::event_sourcing {

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<EsPattern>(parseEsOptions(options));
}

EsPattern::EsPattern(EsOptions options) : options_(std::move(options)) {}
EsPattern::~EsPattern() = default;

std::string EsPattern::nodeName(NodeId node) const {
  static const char* const kNames[] = {"store", "clerk", "shoppers", "analytics", "crud"};
  if (node < kFirstHandler) return kNames[node];
  return "handler-" + std::to_string(node - kFirstHandler + 1);
}

void EsPattern::build(Kernel& kernel) {
  words_ = defineWords(kernel);
  Metrics& metrics = kernel.metrics();
  const EsOptions& o = options_;
  std::vector<NodeId> handlers;
  for (int h = 0; h < o.handlers; ++h) handlers.push_back(kFirstHandler + static_cast<NodeId>(h));

  StoreOptions so;
  so.commitDelay = o.commitDelay;
  if (o.retention.on) so.retention.emplace(streams(), o.retention);
  [[maybe_unused]] const NodeId store =
      kernel.addNode(std::make_unique<StoreNode>(words_, so, metrics));
  assert(store == kStore);

  ClientOptions clerk;
  clerk.role = ClientOptions::Role::Clerk;
  clerk.handlers = handlers;
  clerk.crud = o.crud ? kCrud : kNoNode;
  clerk.products = o.products;
  clerk.rate = o.restockRate;
  clerk.initialStock = o.initialStock;
  clerk.restockQuantity = o.restockQuantity;
  kernel.addNode(std::make_unique<ShopClient>(words_, clerk));

  ClientOptions shoppers = clerk;
  shoppers.role = ClientOptions::Role::Shoppers;
  shoppers.rate = o.orderRate;
  shoppers.maxQuantity = o.maxQuantity;
  kernel.addNode(std::make_unique<ShopClient>(words_, shoppers));

  AnalyticsOptions ao;
  ao.store = kStore;
  ao.streams = streams();
  kernel.addNode(std::make_unique<Analytics>(words_, ao));
  const Fold fold = o.buggyRelease ? Fold::DoubleReservation : Fold::Correct;
  release_ = o.buggyRelease ? 1 : 0;
  fold_ = fold;
  kernel.addNode(std::make_unique<CrudTwin>(words_));
  static_cast<CrudTwin&>(kernel.node(kCrud)).deploy(fold);

  for (int h = 0; h < o.handlers; ++h) {
    HandlerOptions ho;
    ho.store = kStore;
    ho.streams = streams();
    ho.timeout = o.handlerTimeout;
    ho.expectExact = o.expectExact;
    ho.eventIds = o.eventIds;
    ho.snapshotEvery = o.snapshotEvery;
    ho.schema = o.schema;
    ho.cacheAggregates = o.cacheAggregates;
    ho.fold = fold;
    ho.release = release_;
    kernel.addNode(std::make_unique<CommandHandler>(words_, ho, metrics, h + 1));
  }
  for (NodeId n = 0; n < kernel.nodeCount(); ++n) kernel.nameNode(n, nodeName(n));
  kernel.network().setDefaultLink(o.link());

  appendRate_ =
      metrics.define(MetricInfo::gauge("es.append_rate", "store", "store", "append_rate"));
  conflictRate_ =
      metrics.define(MetricInfo::gauge("es.conflict_rate", "store", "store", "conflict_rate"));
  retryRate_ = metrics.define(MetricInfo::gauge("es.retry_rate", "handlers", "", "retry_rate"));
  loadCost_ = metrics.define(MetricInfo::gauge("es.load_cost", "handlers", "", "load_cost"));
  lag_ = metrics.define(MetricInfo::gauge("es.subscription_lag", "analytics", "analytics", "lag"));
  crudDrift_ = metrics.define(MetricInfo::gauge("es.crud_drift", "crud", "crud", "crud_drift"));
}

std::optional<NodeId> EsPattern::resolve(const Kernel& kernel, std::string_view role) const {
  if (role == "handler") return kFirstHandler;
  for (NodeId n = 0; n < kernel.nodeCount(); ++n)
    if (role == nodeName(n)) return n;
  return std::nullopt;
}

// "handler" is the first command handler; the other nodes go by their names.
std::vector<std::string> EsPattern::roleWords() const {
  return {"handler"};
}

std::vector<std::unique_ptr<Checker>> EsPattern::checkers(const Kernel&) const {
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<LogChecker>(checkedWorld()));
  v.push_back(std::make_unique<ExpectedRevisionChecker>(checkedWorld()));
  v.push_back(std::make_unique<FoldChecker>(checkedWorld()));
  v.push_back(std::make_unique<StockChecker>(checkedWorld()));
  return v;
}

void EsPattern::setEveryHandler(Kernel& kernel,
                                const std::function<void(CommandHandler&)>& change) {
  for (int h = 0; h < options_.handlers; ++h)
    change(static_cast<CommandHandler&>(kernel.node(kFirstHandler + static_cast<NodeId>(h))));
}

// Rates over the last sample interval, per second; the load cost is the
// events folded per load over the interval.
void EsPattern::updateGauges(Kernel& kernel) {
  const auto& store = static_cast<const StoreNode&>(kernel.node(kStore));
  std::int64_t retries = 0, loads = 0, folded = 0;
  for (int h = 0; h < options_.handlers; ++h) {
    const auto& handler =
        static_cast<const CommandHandler&>(kernel.node(kFirstHandler + static_cast<NodeId>(h)));
    retries += static_cast<std::int64_t>(handler.retries() + handler.conflicts());
    loads += static_cast<std::int64_t>(handler.loads());
    folded += static_cast<std::int64_t>(handler.folded());
  }
  const auto appends = static_cast<std::int64_t>(store.committed());
  const auto conflicts = static_cast<std::int64_t>(store.rejected());
  Metrics& m = kernel.metrics();
  const std::int64_t interval = std::max<std::int64_t>(1, m.interval().count());
  m.set(appendRate_, (appends - lastAppends_) * 1'000'000 / interval);
  m.set(conflictRate_, (conflicts - lastConflicts_) * 1'000'000 / interval);
  m.set(retryRate_, (retries - lastRetries_) * 1'000'000 / interval);
  if (loads > lastLoads_) m.set(loadCost_, (folded - lastFolded_) / (loads - lastLoads_));
  const auto& analytics = static_cast<const Analytics&>(kernel.node(kAnalytics));
  m.set(lag_, static_cast<std::int64_t>(store.store().head() - analytics.checkpoint()));
  // The CRUD shop deletes the rows of the orders whose streams retention
  // deleted, as a shop's archiving job would.
  auto& crud = static_cast<CrudTwin&>(kernel.node(kCrud));
  if (store.retention() && store.retention()->oldestOrder() > 0)
    crud.forgetOrdersBefore(streams().number(store.retention()->oldestOrder()));
  // How many items the CRUD twin's rows are off from the log's folds.
  const HistoryBuilder& log = histories(store.store());
  std::int64_t drift = 0;
  for (std::int64_t p = 1; p <= shownProducts(); ++p)
    drift += std::abs(crud.stock(p) - log.current(p).stock);
  m.set(crudDrift_, drift);
  lastAppends_ = appends;
  lastConflicts_ = conflicts;
  lastRetries_ = retries;
  lastLoads_ = loads;
  lastFolded_ = folded;
}

}  // namespace cs::event_sourcing
