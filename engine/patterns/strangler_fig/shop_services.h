// The two implementations of the shop's routes: the legacy monolith, which
// serves every route from the legacy database, and a new service, which
// serves the routes of one captured capability from a store of its own. Both
// are ServiceNodes, so they have the RPC layer's bounded worker pool and
// queue; their business logic is process(). A request's method is its route
// and its args {key, value, flags} (shop_routes.h); the answer's values are
// {value, stamp, version, served by}. Kernel thread only.
#pragma once

#include "patterns/strangler_fig/fig_words.h"
#include "patterns/strangler_fig/route_table.h"
#include "patterns/strangler_fig/shop_data.h"
#include "rpc/service_node.h"

namespace cs::strangler_fig {

// What both implementations share: the legacy database, the payment
// provider and the route table (the monolith drops a retired route's code).
struct ShopWorld {
  LegacyDb* db = nullptr;
  PaymentLedger* payments = nullptr;
  const RouteTable* table = nullptr;
  const FigWords* words = nullptr;
};

class LegacyMonolith : public rpc::ServiceNode {
 public:
  LegacyMonolith(rpc::RpcSystem& system, rpc::ServiceOptions options, ShopWorld world)
      : ServiceNode(system, std::move(options)), world_(world) {}

 protected:
  Next process(Job& job) override;

 private:
  ShopWorld world_;
};

class NewService : public rpc::ServiceNode {
 public:
  NewService(rpc::RpcSystem& system, rpc::ServiceOptions options, ShopWorld world, int capability)
      : ServiceNode(system, std::move(options)), world_(world), capability_(capability) {}

  // ---- Seeded bugs (live) ----
  // Teaching note: a rounding error on prices ending in 5 — one in ten — is
  // the kind of bug no unit test of the new code catches and shadow traffic
  // does, because it compares with what the old code really answers.
  void setPriceBug(bool on) { priceBug_ = on; }
  void setCheckoutBug(bool on) { checkoutBug_ = on; }

  int capability() const { return capability_; }
  bool priceBug() const { return priceBug_; }
  bool checkoutBug() const { return checkoutBug_; }
  // The service's own store: durable, a database of its own.
  const Table& store() const { return store_; }
  std::uint64_t applied() const { return applied_; }

 protected:
  Next process(Job& job) override;

 private:
  ShopWorld world_;
  int capability_;
  bool priceBug_ = false;
  bool checkoutBug_ = false;
  // ---- Durable ----
  Table store_;  // starts as a bulk copy of the legacy tables
  std::uint64_t applied_ = 0;
};

}  // namespace cs::strangler_fig
