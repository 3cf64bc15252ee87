// The Event Sourcing pattern: a small shop whose stock and orders are
// event-sourced, as EventStoreDB (KurrentDB), Marten and Axon do it. The
// clerk and the shoppers send commands (open loop) to two or more command
// handlers, which load aggregates from the event store by folding their
// events, decide, and append with an expected revision; an analytics
// consumer follows every event through a catch-up subscription; and a CRUD
// twin keeps the same shop as current state only, for contrast.
//
// Node ids, in build order: store 0, clerk 1, shoppers 2, analytics 3,
// crud 4, handler-1 5, handler-2 6 (and more with the handlers option).
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
#include "patterns/event_sourcing/es_checker.h"
#include "patterns/event_sourcing/es_options.h"
#include "patterns/event_sourcing/es_words.h"

namespace cs::event_sourcing {

enum EsNode : NodeId {
  kStore = 0,
  kClerk = 1,
  kShoppers = 2,
  kAnalytics = 3,
  kCrud = 4,
  kFirstHandler = 5,
};

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class EventStore;
class HistoryBuilder;
class StoreNode;
class CommandHandler;
class ShopClient;

class EsPattern : public Pattern {
 public:
  explicit EsPattern(EsOptions options);
  ~EsPattern() override;

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

  const EsOptions& options() const { return options_; }
  const Words& words() const { return words_; }
  ShopStreams streams() const { return {options_.products}; }
  CheckedWorld checkedWorld() const { return {words_, kStore, streams()}; }
  std::string nodeName(NodeId node) const;
  // The products the view lists, each with its history: 1..this.
  std::int64_t shownProducts() const;
  // Their histories, brought up to the store's head.
  const HistoryBuilder& histories(const EventStore& store) const;
  static constexpr std::int64_t kProductRows = 50;

 private:
  void setEveryHandler(Kernel& kernel, const std::function<void(CommandHandler&)>& change);
  void temporalQuery(Kernel& kernel, double seconds, std::int64_t product);
  void deployRelease(Kernel& kernel, Fold fold);
  void replayLog(Kernel& kernel, Fold before);
  void correct(Kernel& kernel, Position position);

  EsOptions options_;
  Words words_;
  // The release of the shop's code the handlers and the CRUD twin run, and its fold.
  std::int64_t release_ = 0;
  Fold fold_ = Fold::Correct;
  // Each shown product's history, brought up to the head by each view().
  mutable std::unique_ptr<HistoryBuilder> histories_;
  MetricId appendRate_ = 0, conflictRate_ = 0, retryRate_ = 0, loadCost_ = 0, lag_ = 0,
           crudDrift_ = 0;
  std::int64_t lastAppends_ = 0, lastConflicts_ = 0, lastRetries_ = 0, lastLoads_ = 0,
               lastFolded_ = 0;
};

}  // namespace cs::event_sourcing
