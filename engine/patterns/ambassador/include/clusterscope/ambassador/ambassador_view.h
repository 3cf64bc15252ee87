// What the window draws of the Ambassador pattern's world: the client and
// the rogue, app and the replicas b1 and b2 as services, app's outbound
// ambassador with its route policies, what they did and a breaker per
// replica, and each replica's inbound ambassador with the calls it passed
// and refused. A snapshot of one instant, built by AmbassadorPattern::view on
// the kernel thread; immutable afterwards, so any thread may read it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "clusterscope/circuit_breaker/breaker_view.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/rpc/service_view.h"

namespace cs::ambassador {

// One replica the outbound ambassador spreads calls over, through the
// replica's inbound ambassador, with the breaker that guards it.
struct UpstreamView {
  NodeId id = kNoNode;  // the replica's inbound ambassador
  circuit_breaker::BreakerView breaker;
};

// App's sidecar: the route policies that are on, and what they did.
struct OutboundView {
  NodeId id = kNoNode;
  bool inUse = true;  // false: app calls b1 directly, past its sidecar
  bool retries = false;
  bool hedging = false;
  bool retryBudget = true;  // extra tries wait for the budget; false: the unsafe switch
  bool breakers = false;    // false: no breaker guards the replicas
  std::uint64_t requests = 0;
  std::uint64_t tries = 0;
  std::uint64_t retriesSent = 0;
  std::uint64_t hedgesSent = 0;
  std::uint64_t hedgesWon = 0;
  std::uint64_t budgetExhausted = 0;  // retries the retry budget refused
  std::uint64_t overallTimeouts = 0;
  std::uint64_t shortCircuited = 0;
  std::vector<UpstreamView> upstreams;

  const UpstreamView* upstream(NodeId id) const {
    for (const auto& u : upstreams)
      if (u.id == id) return &u;
    return nullptr;
  }
};

// A replica's receiving sidecar: it checks the caller's identity.
struct InboundView {
  NodeId id = kNoNode;
  NodeId service = kNoNode;  // the replica it stands in front of
  std::uint64_t forwarded = 0;
  std::uint64_t refused = 0;  // calls without a valid identity
};

class AmbassadorView : public PatternView {
 public:
  std::vector<rpc::ServiceView> services;  // app, b1, b2
  std::vector<rpc::ClientView> clients;    // client, rogue
  OutboundView outbound;
  std::vector<InboundView> inbound;  // b1's, b2's
  NodeId rogue = kNoNode;            // the client without a valid identity

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
  const InboundView* inboundOf(NodeId id) const {
    for (const auto& i : inbound)
      if (i.id == id) return &i;
    return nullptr;
  }
  // Whether `id` is an ambassador (a sidecar), outbound or inbound.
  bool isSidecar(NodeId id) const { return id == outbound.id || inboundOf(id) != nullptr; }
};

}  // namespace cs::ambassador
