// The receiving side of the Ambassador pattern: the sidecar in front of one
// replica of B. Every request for the replica arrives here first. It checks
// the caller's service identity (Request arg2, put there by the caller's own
// ambassador) against a table of identities allowed to call this service —
// a stand-in for mutual TLS with a service mesh's certificates, where the
// identity would come from the peer's certificate rather than a field. A
// request without a valid identity is answered at once with Error 403 and
// never reaches the replica; a valid one is forwarded on localhost and the
// replica's answer passed back. Forwarded calls are volatile (a crash drops
// them; the callers time out). Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "patterns/ambassador/milestone_throttle.h"
#include "patterns/ambassador/outbound_ambassador.h"
#include "rpc/id_ring.h"
#include "rpc/rpc_node.h"

namespace cs::ambassador {

class InboundAmbassador : public rpc::RpcNode {
 public:
  InboundAmbassador(rpc::RpcSystem& system, const AmbassadorWords& words, NodeId service,
                    std::vector<std::int64_t> validIdentities);

  NodeId service() const { return service_; }
  // ---- Observations (kept across crashes) ----
  std::uint64_t forwarded() const { return forwarded_; }
  std::uint64_t refused() const { return refused_; }
  void defineMetrics();

 protected:
  void onRequest(const Message& request) override;
  void onOutcome(const rpc::Outcome& outcome) override;
  void onReset() override;

 private:
  bool valid(std::int64_t identity) const;

  AmbassadorWords words_;
  NodeId service_;
  std::vector<std::int64_t> identities_;
  MetricId refusedMetric_ = 0, forwardedMetric_ = 0;
  bool metricsDefined_ = false;

  std::uint64_t forwarded_ = 0;
  std::uint64_t refused_ = 0;
  MilestoneThrottle refusals_;

  // ---- Volatile ----
  rpc::IdRing<rpc::ReplyTo> waiting_;  // by the call forwarding it
};

}  // namespace cs::ambassador
