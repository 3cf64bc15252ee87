// The CQRS pattern: an e-commerce shop with many product-listing reads and
// few orders, its command (write) path and query (read) path separated so
// each is scaled on its own. The write side is the Event Sourcing
// pattern's: command handlers append to the event store. The read side:
// projectors, each following the store through a catch-up subscription of
// its own with its own checkpoint, keep the read models (the listing with
// stock, "my orders", an order's detail, the sales dashboard; see
// projection_plan.h) that read replicas copy and serve from worker pools. The price is lag, made
// visible: positions on one axis, read-your-writes tokens, stale reads marked as such. The
// one-model twin serves the same shop from a single database node for the compare.
//
// Node ids, in build order: store 0, clerk 1, shoppers 2, browsers 3,
// database 4, handler-1 5 ... (the handlers option), the projectors (the
// projectors option), then replica-1 ... replica-8 (the first `replicas` of
// them active).
// Kernel thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"
#include "patterns/cqrs/cqrs_options.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/stock_ledger.h"

namespace cs::cqrs {

enum CqrsNode : NodeId {
  kStore = 0,
  kClerk = 1,
  kShoppers = 2,
  kBrowsers = 3,
  kDatabase = 4,
  kFirstHandler = 5,
};
inline constexpr int kMaxReplicas = 8;
inline constexpr int kMinReplicas = 2;

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class Projector;
class ReadReplica;
class OrderClient;
class BrowseClient;

class CqrsPattern : public Pattern {
 public:
  explicit CqrsPattern(CqrsOptions options) : options_(std::move(options)) {}

  void build(Kernel& kernel) override;
  void validate(const Kernel& kernel, const Command& command) const override;
  void apply(Kernel& kernel, const Command& command) override;
  std::vector<std::pair<std::string, std::string>> verbs() const override;
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override;
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override;
  std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const override;
  std::vector<std::string> roleWords() const override;
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const override;
  void updateGauges(Kernel& kernel) override;

  const CqrsOptions& options() const { return options_; }
  const Words& words() const { return words_; }
  ShopStreams streams() const { return {options_.products}; }
  std::string nodeName(NodeId node) const;
  int projectors() const { return options_.projectors; }
  NodeId projector(int i) const {
    return kFirstHandler + static_cast<NodeId>(options_.handlers + i);
  }
  NodeId firstReplica() const { return projector(options_.projectors); }
  NodeId replica(int i) const { return firstReplica() + static_cast<NodeId>(i); }
  bool isReplica(NodeId n) const { return n >= firstReplica() && n < replica(kMaxReplicas); }
  bool isHandler(NodeId n) const { return n >= kFirstHandler && n < projector(0); }
  bool isProjector(NodeId n) const { return n >= projector(0) && n < firstReplica(); }
  int activeReplicas() const { return activeReplicas_; }
  // Lag of projector i behind the store: events, and the age of the oldest
  // event not yet applied (0 when none waits).
  std::uint64_t lagEvents(const Kernel& kernel, int i) const;
  std::int64_t lagUs(const Kernel& kernel, int i) const;

 private:
  void setActiveReplicas(Kernel& kernel, int count);
  // The projector (0-based) a verb's NODE argument names; throws InputError if none.
  int projectorArg(const std::string& what, const std::string& arg) const;
  // The projector named by argument `arg` of `c`, or all of them if it has none.
  std::vector<Projector*> projectorsNamed(Kernel& kernel, const Command& c, std::size_t arg) const;
  std::vector<NodeId> queryTargets() const;

  CqrsOptions options_;
  Words words_;
  int activeReplicas_ = 0;
  StockLedger ledger_;  // the store's true stock, for the oversold gauge
  MetricId oversold_ = 0;
  MetricId lagEvents_ = 0, lagMs_ = 0, queryP99_ = 0, orderP99_ = 0, replicasMetric_ = 0,
           readRate_ = 0;
  std::vector<MetricId> replicaLoad_;
  std::vector<MetricId> projectorLag_;  // by projector: events behind
  std::uint64_t lastQueries_ = 0;
};

}  // namespace cs::cqrs
