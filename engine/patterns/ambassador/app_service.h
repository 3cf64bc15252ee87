// Service A of the Ambassador pattern: the application code, kept small and
// plain on purpose. For each request it does its own work and then calls
// "B" once, through whatever node it is told is B's address (its ambassador
// on localhost, or B1 itself when the ambassador is switched off), and
// answers with what came back. It has no retries, no timeouts beyond the one
// call's, no hedging, no breaker, no logging and no identity: everything
// resilient about its outbound calls lives in the sidecar (OutboundAmbassador).
// Kernel thread only.
#pragma once

#include "rpc/service_node.h"

namespace cs::ambassador {

inline constexpr std::int64_t kServe = 1;   // client -> A
inline constexpr std::int64_t kFetchB = 2;  // A -> B (through the ambassador)

class AppService : public rpc::ServiceNode {
 public:
  AppService(rpc::RpcSystem& system, rpc::ServiceOptions options, NodeId downstream,
             SimDuration timeout);
  // Where "B" is: configuration, as a service's upstream address would be.
  void setDownstream(NodeId downstream) { downstream_ = downstream; }
  NodeId downstream() const { return downstream_; }

 protected:
  Next process(Job& job) override;

 private:
  NodeId downstream_;
  SimDuration timeout_;
};

}  // namespace cs::ambassador
