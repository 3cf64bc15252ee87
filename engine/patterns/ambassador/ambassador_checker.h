// The Ambassador pattern's invariants, checked from the trace alone:
//   - identity: no request of the rogue client is ever delivered to a
//     replica (b1, b2) — the receiving ambassadors must stop every one;
//   - one answer: the outbound ambassador answers each request delivered to
//     it at most once (a hedge's loser or a late try must not answer again);
//   - budget: whenever the outbound ambassador sends an extra try (a retry
//     or a hedge) at time t, the extra tries it sent in (t - W + W/buckets, t]
//     are at most percent% of the requests delivered to it in (t - W, t] plus
//     minPerSecond * W — the bound any sliding window of buckets inside
//     (t - W, t] that covers (t - W + W/buckets, t] implies. A crash of the
//     ambassador starts all three counts afresh (its budget is volatile).
// The budget rule assumes the link from the service to its ambassador does
// not duplicate messages (it is a local hop). Kernel thread only.
#pragma once

#include <deque>
#include <map>

#include "clusterscope/checker.h"
#include "patterns/ambassador/retry_policy.h"
#include "rpc/rpc_system.h"

namespace cs::ambassador {

struct CheckedNodes {
  NodeId ambassador = kNoNode;
  NodeId rogue = kNoNode;
  NodeId replicas[2] = {kNoNode, kNoNode};
};

class AmbassadorChecker : public Checker {
 public:
  AmbassadorChecker(const rpc::Words& words, CheckedNodes nodes, RetryBudget::Config budget);
  std::string_view name() const override {
    return "rogue calls never reach a replica; one answer per request; extra tries within the "
           "retry budget";
  }
  void onRecord(const TraceRecord& record) override;

 private:
  void forget();

  rpc::Words words_;
  CheckedNodes nodes_;
  RetryBudget::Config budget_;
  struct Exchange {
    int deliveries = 0, tries = 0, answers = 0;
  };
  std::map<MessageId, Exchange> exchanges_;  // by the request delivered to the ambassador
  std::deque<SimTime> requests_, extras_;
};

}  // namespace cs::ambassador
