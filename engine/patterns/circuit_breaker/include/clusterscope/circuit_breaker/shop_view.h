// What the window draws of the Circuit Breaker pattern's shop: its services
// (workers, queue, processing time, outcomes, p99), its two clients, the
// callers that retry naively, and orders' breaker for payment with its
// window. A snapshot of one instant, built by ShopPattern::view on the
// kernel thread; immutable afterwards, so any thread may read it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "clusterscope/circuit_breaker/breaker_view.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/rpc/service_view.h"

namespace cs::circuit_breaker {

// A caller that retries every failed call at once (the frontend, orders).
struct RetrierView {
  NodeId id = kNoNode;
  int naiveRetries = 0;  // per request; 0: off
  std::uint64_t retriesSent = 0;
};

class ShopView : public PatternView {
 public:
  std::vector<rpc::ServiceView> services;  // frontend, orders, catalog, payment
  std::vector<rpc::ClientView> clients;    // checkout-client, browse-client
  std::vector<RetrierView> retriers;
  // Orders' breaker for its calls to payment; DISABLED while switched off.
  BreakerView breaker;
  bool breakerOn = true;  // the operator's switch (it survives a crash)
  bool failFast = true;   // a refused call fails fast; false: the unsafe switch lets it through
  std::uint64_t shortCircuited = 0;  // calls orders answered with the fallback

  // nullptr when `id` is not one of them.
  const rpc::ServiceView* service(NodeId id) const {
    for (const auto& s : services)
      if (s.id == id) return &s;
    return nullptr;
  }
  const rpc::ServiceView* service(std::string_view name) const {
    for (const auto& s : services)
      if (s.name == name) return &s;
    return nullptr;
  }
  const rpc::ClientView* client(NodeId id) const {
    for (const auto& c : clients)
      if (c.id == id) return &c;
    return nullptr;
  }
  const RetrierView* retrier(NodeId id) const {
    for (const auto& r : retriers)
      if (r.id == id) return &r;
    return nullptr;
  }
};

}  // namespace cs::circuit_breaker
