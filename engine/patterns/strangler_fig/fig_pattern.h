// The Strangler Fig pattern: a legacy shop (one monolith with a dozen routes
// and its own database) is replaced route by route by new services, one per
// captured capability, each with its own store, behind a facade that clients
// call instead of the monolith. The facade's route table moves each route
// from legacy through shadow (mirrored and compared, the client always
// served by legacy), canary (a weighted share of real traffic, analysed
// automatically and rolled back by itself when it fails) and migrated to
// retired; any route can be rolled back to legacy in one table update until
// it is retired. Data follows by change data capture from the legacy
// database, or by the facade's dual writes with a reconciler. The big-bang
// twin cuts every route over at one moment instead (the "cutover" verb).
//
// Node ids, in build order: client 0, facade-1 1, facade-2 2, legacy 3,
// legacy-2 4 (the noise baseline), the new services catalog 5, pricing 6,
// cart 7, orders 8, account 9, controller 10 (the rollout controller), sync
// 11 (the CDC connector or reconciler). Kernel thread only.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"
#include "patterns/strangler_fig/facade.h"
#include "patterns/strangler_fig/fig_checkers.h"
#include "patterns/strangler_fig/fig_options.h"
#include "patterns/strangler_fig/fig_words.h"
#include "patterns/strangler_fig/route_table.h"
#include "patterns/strangler_fig/shop_data.h"
#include "rpc/rpc_system.h"

namespace cs::strangler_fig {

enum FigNode : NodeId {
  kClient = 0,
  kFacade1 = 1,
  kFacade2 = 2,
  kLegacy = 3,
  kLegacy2 = 4,
  kFirstService = 5,  // capability c's new service is kFirstService + c
  kController = 10,
  kSync = 11,
  kFigNodes = 12,
};

// The nodes, by role, as the checkers know them.
FigNodes figNodes();

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class NewService;
class DataSyncNode;
class RolloutController;

class FigPattern : public Pattern {
 public:
  explicit FigPattern(FigOptions options) : options_(std::move(options)) {}

  void build(Kernel& kernel) override;
  void validate(const Kernel& kernel, const Command& command) const override;
  void apply(Kernel& kernel, const Command& command) override;
  std::vector<std::pair<std::string, std::string>> verbs() const override;
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override;
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override;
  std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const override;
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const override;
  void updateGauges(Kernel& kernel) override;

  // ---- For tests and the benchmark (REQUIRES: build() ran) ----
  const FigOptions& options() const { return options_; }
  const FigWords& words() const { return words_; }
  const FigMetrics& metrics() const { return metrics_; }
  const RouteTable& table() const { return table_; }
  const LegacyDb& db() const { return db_; }
  const PaymentLedger& payments() const { return payments_; }
  const rpc::RpcSystem& rpc() const { return *system_; }
  const NewService& service(const Kernel& kernel, int capability) const;
  const DataSyncNode& sync(const Kernel& kernel) const;
  RolloutController& controller(Kernel& kernel) const;
  static std::string nodeName(NodeId node);

 private:
  // Switches the legacy monolith (both instances) off: only once every
  // route is retired; otherwise traces the refusal and changes nothing.
  void switchOffLegacy(Kernel& kernel);

  std::unique_ptr<rpc::RpcSystem> system_;
  FigOptions options_;
  FigWords words_;
  FigMetrics metrics_;
  // The world outside any one node: durable.
  RouteTable table_;
  LegacyDb db_;
  PaymentLedger payments_;
  FacadeConfig facadeConfig_;
};

}  // namespace cs::strangler_fig
