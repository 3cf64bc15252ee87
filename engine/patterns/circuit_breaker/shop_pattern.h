// The Circuit Breaker pattern: a small shop. Two open-loop clients send to
// the frontend: checkout-client "checkout" and browse-client "browse". The
// frontend (a worker pool with a queue) calls orders for a checkout and
// catalog for a browse; orders calls payment, the dependency that gets sick;
// catalog answers alone. Workers are held while their downstream call is
// out, so a slow payment uses up orders' workers, then the frontend's, and
// browsing dies too although it never touches payment. Orders guards its
// calls to payment with a circuit breaker (GuardedService): once the failure
// rate or the slow-call rate reaches its threshold the breaker is OPEN,
// checkouts get the fallback at once, and browsing survives. With naive
// retries switched on (option naiveRetries, verb naive-retries), the frontend
// and orders retry every failed call at once (RetryingService): a retry
// storm, in which each layer multiplies the load on the one below.
//
// Node ids, in build order: checkout-client 0, browse-client 1, frontend 2,
// orders 3, catalog 4, payment 5. Kernel thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"
#include "patterns/circuit_breaker/guarded_service.h"
#include "patterns/circuit_breaker/shop_options.h"
#include "rpc/rpc_system.h"

namespace cs::circuit_breaker {

enum ShopNode : NodeId {
  kCheckoutClient = 0,
  kBrowseClient = 1,
  kFrontend = 2,
  kOrders = 3,
  kCatalog = 4,
  kPayment = 5,
};

// Request methods.
enum ShopMethod : std::int64_t {
  kCheckout = 1,    // client -> frontend
  kBrowse = 2,      // client -> frontend
  kPlaceOrder = 3,  // frontend -> orders
  kListItems = 4,   // frontend -> catalog
  kCharge = 5,      // orders -> payment
};

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class ShopPattern : public Pattern {
 public:
  explicit ShopPattern(ShopOptions options) : options_(std::move(options)) {}

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

  const ShopOptions& options() const { return options_; }
  const BreakerWords& breakerWords() const { return words_; }
  // REQUIRES: build() ran.
  const rpc::RpcSystem& rpc() const { return *system_; }

 private:
  std::unique_ptr<rpc::RpcSystem> system_;
  ShopOptions options_;
  BreakerWords words_;
};

}  // namespace cs::circuit_breaker
